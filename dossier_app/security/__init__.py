"""Keys, the OS keychain and encrypted attachment files."""
