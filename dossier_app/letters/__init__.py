"""Letters: catalogue, context, Jinja templates, block model, .docx writer, log."""
