//! specfleet's wire tests live in `wire/`: one test binary, one module per service.
