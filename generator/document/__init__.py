"""One agreement as a Word document: prose and context (formatted values) → docxtpl render → finishing."""
