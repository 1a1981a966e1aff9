"""Exchange: one spreadsheet format for import and export (XLSX and CSV), the national
system's report shape, and sending a unit's report up to another theodoi instance."""
