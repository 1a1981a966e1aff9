"""theodoi: theo dõi thực hiện Nghị quyết 57-NQ/TW."""

__version__ = "0.1.0"
