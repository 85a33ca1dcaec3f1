"""All raw WordprocessingML lives in this package: small, named helpers over lxml elements."""
