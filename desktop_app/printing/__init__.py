"""ReportLab templates: resident cards, certificates, voucher sheets, labels, letters, forms.

Templates take plain data (dataclasses filled by the services) and return PDF bytes; they never
touch the database. ReportLab and segno are imported here, so only printing pays for them.
"""
