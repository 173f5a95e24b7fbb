"""Through-care workflows. Keyword-only `<entity>_<verb>(*, user, ...)`; each checks the model's rules,
writes its rows and relations and one audit event per client record it changes."""
