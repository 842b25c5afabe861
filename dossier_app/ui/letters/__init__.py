"""The letter workflow in the app: the assistant, the preview, sending and receipt."""
