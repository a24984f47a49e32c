"""Build a static explainer site whose every quote is checked against its source."""
