"""Oversight for a supervising office (政务公开办): many agencies' reports, checked together.

Pure functions over report models: adding members up into a region's totals (`aggregate`),
indicators and their distribution across agencies (`indicators`), charts drawn as SVG (`charts`),
collecting a folder of published files into agency-years (`collection`) and the Excel summary
(`workbook`). The workbench and the CLI feed them; nothing here touches the database.
"""
