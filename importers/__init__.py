"""Spreadsheets in and out: reading messy files, dataset Resources, the admin flow and the commands."""
