"""What lawyers review: redline and change summary of every new version, the causes, the overview document."""
