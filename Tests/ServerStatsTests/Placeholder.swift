// Placeholder so the target has a source file; replaced by the first real test.
