"""Demo data and its loader: the outermost app."""
