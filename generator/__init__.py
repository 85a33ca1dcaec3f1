"""afspraken: the engine that writes the bestuurlijke afspraken of the NPLV-gebieden."""
