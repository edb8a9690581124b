"""The spreadsheet import pipeline: read, find the header, map columns, validate, preview, write."""
