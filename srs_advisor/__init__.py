"""srs-advisor: plan a service and resource sharing arrangement, step by step."""

__version__ = "0.1.0"
