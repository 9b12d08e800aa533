"""Drop-in parity with the official SDK: warming, HTTP backends, logging, public surface."""
