"""``theodoi report``: build, sign and verify periodic reports from the command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from theodoi.domain.numbers import format_number
from theodoi.domain.periods import KIND_LABELS, REPORT_KIND, Period

# the subcommand of each report kind (``domain.periods.REPORT_KIND``); "half-year" also answers to "half"
COMMANDS = {"monthly": "monthly", "quarterly": "quarterly", "half": "half-year", "annual": "annual"}
KINDS = {COMMANDS[kind]: (kind, period_kind) for kind, period_kind in REPORT_KIND.items()}
EXAMPLE = {"month": Period(2026, "month", 5), "quarter": Period(2026, "quarter", 2), "half": Period(2026, "half", 1),
           "year": Period(2026, "year", 1)}
METAVAR = {"month": "YYYY-MM", "quarter": "YYYY-QN", "half": "YYYY-HN", "year": "YYYY"}


def _kind_help(period_kind: str) -> str:
    """"6 tháng, ví dụ 2026-H1 (6 tháng đầu năm 2026)": the kind and an example by the domain's names."""
    ex = EXAMPLE[period_kind]
    return f"{KIND_LABELS[period_kind].lower()}, ví dụ {ex.key} ({ex.label_vi})"


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


class Command(BaseCommand):
    help = (f"Lập báo cáo {', '.join(k.lower() for k in KIND_LABELS.values())} (DOCX, XLSX, PDF có ký số) "
            "và kiểm tra chữ ký báo cáo.\n\n"
            "Ví dụ: theodoi report monthly --unit xa-binh-lu --month 2026-05 --format pdf --sign -o bc.pdf; "
            "theodoi report verify bc.pdf")

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser),
                                    title="loại báo cáo")
        for name, (_kind, period_kind) in KINDS.items():
            aliases = [_kind] if _kind != name else []
            p = sub.add_parser(name, aliases=aliases, called_from_command_line=True,
                               help=f"báo cáo {KIND_LABELS[period_kind].lower()} "
                                    f"(--{period_kind} {EXAMPLE[period_kind].key})")
            p.add_argument("--unit", required=True, help="mã định danh (slug) của đơn vị báo cáo")
            p.add_argument(f"--{period_kind}", dest="period_opt",
                           metavar=METAVAR[period_kind], help=_kind_help(period_kind))
            p.add_argument("--period", metavar="KỲ",
                           help=f"kỳ báo cáo ({', '.join(p.key for p in EXAMPLE.values())})")
            p.add_argument("--format", choices=["docx", "xlsx", "pdf"], default="docx", help="định dạng tệp")
            p.add_argument("-o", "--output", required=True, help="tệp kết quả")
            p.add_argument("--sign", action="store_true",
                           help="ký số và phát hành (chốt số liệu) bằng chứng thư của đơn vị; chỉ với --format pdf")
        v = sub.add_parser("verify", help="kiểm tra chữ ký số của một tệp PDF báo cáo",
                           called_from_command_line=True)
        v.add_argument("file", help="tệp PDF cần kiểm tra")
        v.add_argument("--cert", action="append", default=[], help="thêm chứng thư tin cậy (PEM/DER)")
        v.add_argument("--json", action="store_true",
                       help="in kết quả dạng JSON: valid, signer, level, timestamp, covers_whole_file, reason")
        c = sub.add_parser("certificate", help="đăng ký chứng thư số (.p12 hoặc token PKCS#11) ký báo cáo của đơn vị",
                           called_from_command_line=True)
        c.add_argument("--unit", required=True, help="mã định danh (slug) của đơn vị")
        c.add_argument("--p12", help="đường dẫn tệp .p12 (giữ nguyên trên đĩa, không chép vào CSDL)")
        c.add_argument("--pkcs11", action="store_true",
                       help="khóa trên thiết bị ký số PKCS#11 (USB token; thư viện: THEODOI_PKCS11_LIB)")
        c.add_argument("--key-label", default="", help="nhãn khóa và chứng thư trên token (với --pkcs11)")
        c.add_argument("--token", default=os.environ.get("THEODOI_PKCS11_TOKEN", ""),
                       help="nhãn token (mặc định THEODOI_PKCS11_TOKEN; không có thì dùng --slot)")
        c.add_argument("--slot", type=int, default=_int_or_none(os.environ.get("THEODOI_PKCS11_SLOT")),
                       help="số khe của token (mặc định THEODOI_PKCS11_SLOT)")
        c.add_argument("--password-env", default="",
                       help="tên biến môi trường chứa mật khẩu tệp .p12 hoặc mã PIN của token")
        c.add_argument("--password-file", default="", help="tệp chứa mật khẩu tệp .p12 hoặc mã PIN của token")
        c.add_argument("--signature-image", metavar="PNG",
                       help="hình chữ ký của người ký (PNG nền trong suốt), hiện trên chữ ký số")
        c.add_argument("--seal-image", metavar="PNG",
                       help="hình con dấu của cơ quan (PNG nền trong suốt, màu đỏ), trùm 1/3 hình chữ ký")
        c.add_argument("--test", action="store_true",
                       help="tạo chứng thư tự ký để thử nghiệm (dữ liệu mẫu), không dùng thật")

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "verify":
            return self._verify(opts)
        if opts["action"] == "certificate":
            return self._certificate(opts)
        return self._build(opts)

    def _build(self, opts) -> None:
        from theodoi.reporting import services
        from theodoi.reporting.signing import SigningError
        from theodoi.tenancy.models import Unit

        kind = KINDS[opts["action"]][0] if opts["action"] in KINDS else opts["action"]  # "half": the alias
        key = opts.get("period_opt") or opts.get("period")
        if not key:
            raise CommandError("Thiếu kỳ báo cáo (ví dụ --month 2026-05 hoặc --period 2026-05).")
        unit = Unit.objects.filter(slug=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {opts['unit']}.")
        if opts["sign"] and opts["format"] != "pdf":
            raise CommandError("Chỉ ký số được tệp PDF (--format pdf).")
        try:
            report = services.open_report(unit, kind, key)
            if opts["sign"] and not report.is_frozen:
                report = services.finalise(report, None)
            content = services.render(report, opts["format"])
        except (services.ReportError, SigningError) as exc:
            raise CommandError(str(exc)) from exc
        Path(opts["output"]).write_bytes(content)
        state = "đã ký số" if report.is_frozen and opts["format"] == "pdf" else "dự thảo"
        self.stdout.write(f"Đã ghi {opts['output']} ({format_number(len(content))} byte, {state}).")

    def _verify(self, opts) -> None:
        from theodoi.reporting import certificates, signing, stamp
        from theodoi.reporting.models import Report

        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
        logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        trusted = certificates.trusted() + [Path(c).read_bytes() for c in opts["cert"]]
        verdict = signing.verify_pdf(path.read_bytes(), trusted, certificates.issuers())
        known = Report.objects.filter(sha256=verdict.sha256).select_related("unit").first()
        if opts["json"]:
            self.stdout.write(json.dumps({
                "valid": verdict.ok, "signer": verdict.signer, "level": verdict.level,
                "timestamp": stamp.iso_time(verdict.timestamp) if verdict.timestamp else None,
                "covers_whole_file": verdict.covers_whole_file, "reason": verdict.reason, "sha256": verdict.sha256,
                "signed_at": stamp.iso_time(verdict.signed_at) if verdict.signed_at else None,
                "report": {"unit": known.unit.slug, "kind": known.kind, "period": known.period_key,
                           "number": known.number} if known else None,
            }, ensure_ascii=False))
        else:
            self.stdout.write(verdict.reason)
            if verdict.signer:
                self.stdout.write(f"Người ký: {verdict.signer}")
            if verdict.level:
                stamped = f", dấu thời gian {stamp.iso_time(verdict.timestamp)}" if verdict.timestamp else ""
                self.stdout.write(f"Mức chữ ký: PAdES-{verdict.level}{stamped}")
            if known is not None:
                self.stdout.write(f"Khớp với bản đã lưu: {known} (số {known.number}).")
            self.stdout.write(f"SHA-256: {verdict.sha256}")
        if not verdict.ok:
            sys.exit(1)

    def _certificate(self, opts) -> None:
        from theodoi.reporting import certificates
        from theodoi.reporting.signing import SigningError
        from theodoi.tenancy.models import Unit

        unit = Unit.objects.filter(slug=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {opts['unit']}.")
        try:
            images = {"signature_png": Path(opts["signature_image"]).read_bytes() if opts["signature_image"] else None,
                      "seal_png": Path(opts["seal_image"]).read_bytes() if opts["seal_image"] else None}
            if opts["test"]:
                row = certificates.install_test_certificate(unit)
            elif opts["pkcs11"]:
                if not opts["key_label"]:
                    raise CommandError("Cần --key-label (nhãn khóa trên token).")
                row = certificates.register_token(
                    unit, key_label=opts["key_label"], token_label=opts["token"], slot=opts["slot"],
                    pin_env=opts["password_env"], pin_file=opts["password_file"], **images)
            elif opts["p12"]:
                if opts["password_env"]:
                    password = os.environ.get(opts["password_env"], "")
                elif opts["password_file"]:
                    password = Path(opts["password_file"]).read_text(encoding="utf-8").strip()
                else:
                    password = ""
                row = certificates.register(
                    unit, Path(opts["p12"]).read_bytes(), password.encode() or None,
                    path=str(Path(opts["p12"]).resolve()), password_env=opts["password_env"],
                    password_file=opts["password_file"], store=False, **images)
            else:
                raise CommandError("Cần --p12 TỆP, --pkcs11 --key-label NHÃN hoặc --test.")
        except (OSError, SigningError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã đăng ký chứng thư số của {unit.name}: {row.subject} (SHA-256 {row.fingerprint}).")
