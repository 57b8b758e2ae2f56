"""Mail-server emulators (EWS, Microsoft Graph) used by demo, the tests and the `emulator` command; production paths never import this package except those."""
