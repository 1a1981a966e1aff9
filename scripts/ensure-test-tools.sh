#!/usr/bin/env bash
# Install the Debian packages the tests drive, when missing and we can (root + apt):
#   chromium               the browser tests (Playwright drives this system browser;
#                          nothing is downloaded from outside the package registries)
#   libreoffice-writer-nogui  opening the drafted DOCX reports as Word would
#   poppler-utils          pdftotext / pdftoppm on the PDF reports
#   postgresql-client      pg_dump / pg_restore for the backup tests on PostgreSQL
#   softhsm2               a PKCS#11 token in software: signing reports with a token's key
#   libreoffice-calc-nogui, python3-uno  editing an exported XLSX in LibreOffice Calc through UNO
#                          (the bulk exchange round trip, tests/integration/exchange/lo_edit.py)
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned plans (extraction/ocr.py)
# Outside CI a missing tool only skips its tests; under CI=true those tests fail instead.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
  || need+=(tesseract-ocr-vie)
[ ${#need[@]} -eq 0 ] && { "$(dirname "$0")/ensure-axe.sh"; exit 0; }
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
     "${need[@]}" fonts-liberation >/dev/null) \
    || echo "Could not install ${need[*]}; the tests that need them will be skipped outside CI."
else
  echo "Missing ${need[*]}; the tests that need them will be skipped outside CI."
fi
"$(dirname "$0")/ensure-axe.sh"
exit 0
