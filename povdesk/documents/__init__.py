"""Official documents as PDF: what commune officials print and sign (issue 6).

Shape (pretix-style): **snapshot → view-model → renderer**.

* :mod:`.build` / :mod:`.data` read the database into frozen view-models (:mod:`.viewmodels`);
  :mod:`.workflow` is the one adapter to the review workflow's records (decision numbers,
  meetings, postings, requests); :mod:`.settings` holds each commune's document settings.
* Renderers: :mod:`.certificate` (Mẫu 03) and :mod:`.escape` (per-household escape decision,
  bordered) draw page by page with the static part as a form XObject (:mod:`.pages`);
  :mod:`.decision` (Mẫu 02 with annexes), :mod:`.lists` (posting lists, meeting minutes) and
  :mod:`.forms` (Mẫu 01/04) flow with platypus (:mod:`.flow`). Decree 30/2020 geometry, header,
  signature block and page numbers live in :mod:`.layout`; the bundled font in :mod:`.fonts`.
* :mod:`.register` numbers documents (never reusing a number) and logs every print; :mod:`.qr`
  signs the certificates' QR payload with the commune key; :mod:`.verify` checks one.
* :mod:`.jobs` is the entry point for the CLI and the desktop: ``print_certificates``,
  ``print_escapes``, ``print_decision``, ``print_posting_lists``, ``print_minutes``,
  ``print_form`` — long-job shape (``progress=``, ``cancel=``), ``preview=True`` for a print
  preview that takes no number and writes nothing.

Renderer modules import reportlab at import time (≈ 80 ms): import them lazily.
"""
