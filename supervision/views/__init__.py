"""DRR pages, one module per concern. Each view: access helper → form → service → redirect; one audit event per request."""
