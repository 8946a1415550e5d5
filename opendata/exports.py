"""Streamed CSV and JSON downloads of a filtered list, in bounded memory whatever its length.

Rows are read from the database in chunks and written out chunk by chunk. Each chunk is rendered
in the language of the page the download was asked from: the stream is read after the view has
returned (on another thread under ASGI), when that language may no longer be active.
"""

import csv
import gc
import json
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

CHUNK_SIZE = 1000
BYTE_ORDER_MARK = "\ufeff"  # Excel reads a CSV file as UTF-8 (and so shows Thai) only when it starts with one.
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """Text that a spreadsheet shows as written: a leading formula character is quoted."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value, separator=" "):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = separator.join(str(item) for item in value)
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value  # numbers are written as numbers, so a negative latitude stays a number


def rendered_chunks(queryset, download, language, context):
    """Lists of rows (dicts of typed values), CHUNK_SIZE records at a time."""
    records = queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(records, CHUNK_SIZE)):
        with translation.override(language):
            rows = [download.row(record, context) for record in chunk]
        # ORM records hold reference cycles: without a full collection each chunk outlives its turn and memory
        # grows with the list. A short list is one chunk, with nothing after it to make room for.
        more_may_follow, chunk = len(chunk) == CHUNK_SIZE, None
        if more_may_follow:
            gc.collect()
        yield rows


class Echo:
    """A file that hands back what is written to it, so that csv.writer returns each row (Django's recipe)."""

    def write(self, text):
        return text


def csv_stream(chunks, columns):
    writer = csv.writer(Echo())
    yield BYTE_ORDER_MARK + writer.writerow([column.key for column in columns])
    for rows in chunks:
        yield "".join(
            writer.writerow([csv_cell(row[column.key], column.separator) for column in columns]) for row in rows
        )


def json_stream(chunks, head):
    """{...head, "results": [rows]} written piece by piece; `head` holds count, language and notices."""
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    first = True
    for rows in chunks:
        text = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n]}\n"


def export_response(request, filterset, download, fmt, basename):
    """The filtered list of `filterset` as a CSV or JSON download, in the language of the request."""
    language = translation.get_language()
    queryset = filterset.qs
    chunks = rendered_chunks(queryset, download, language, {"request": request})
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(chunks, download.columns), content_type="text/csv; charset=utf-8")
    else:
        head = {"count": queryset.count(), "lang": language, "notices": [str(n) for n in filterset.notices]}
        response = StreamingHttpResponse(json_stream(chunks, head), content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition_header(True, f"{basename}.{fmt}")
    response.headers["Content-Language"] = language
    return response
