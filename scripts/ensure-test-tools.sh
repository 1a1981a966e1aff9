#!/usr/bin/env bash
# Install the Debian packages the tests drive, when missing and we can (root + apt):
#   chromium               the browser tests (Playwright drives this system browser;
#                          nothing is downloaded from outside the package registries)
#   libreoffice-writer-nogui  opening the drafted DOCX reports as Word would
#   poppler-utils          pdftotext / pdftoppm on the PDF reports
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned plans (extraction/ocr.py)
# Outside CI a missing tool only skips its tests; under CI=true those tests fail instead.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
  || need+=(tesseract-ocr-vie)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
     "${need[@]}" fonts-liberation >/dev/null) \
    || echo "Could not install ${need[*]}; the tests that need them will be skipped outside CI."
else
  echo "Missing ${need[*]}; the tests that need them will be skipped outside CI."
fi
exit 0
