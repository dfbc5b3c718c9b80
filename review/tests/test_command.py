"""`python manage.py check_content [FILE|-] --json` as DESIGN.md §3 states it: JSON findings, exit 0/1/2."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin=b""):
    return subprocess.run(
        [sys.executable, "manage.py", "check_content", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def call(*args, stdin=None):
    """call_command, returning (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("check_content", *args, stdout=out, stderr=err, stdin=stdin)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


NOTICE = (
    "秘密★1年\n关于报送2024年信访形势分析的通知\n"
    "各镇人民政府：\n请于5月20日前报送材料。联系人：张某，手机：13812345678。\n"
    "按照区委统一布署，中华人民共合国成立75周年系列活动……\n"
)


def test_json_findings_exit_1_and_offsets_slice_back(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    result = run([str(path), "--json"])
    assert result.returncode == 1
    findings = json.loads(result.stdout.decode("utf-8"))
    assert [(f["category"], f["severity"], f["match"]) for f in findings] == [
        ("secret_marking", "block", "秘密★1年"),
        ("personal_info", "block", "13812345678"),
        ("severe_typo", "warn", "布署"),
        ("severe_typo", "block", "中华人民共合国"),
    ]
    for f in findings:
        assert set(f) == {"category", "severity", "start", "end", "match", "message"}
        assert NOTICE[f["start"] : f["end"]] == f["match"]
    assert "138****5678" in findings[1]["message"]  # the masked form is offered
    assert "部署" in findings[2]["message"]


def test_clean_text_from_stdin_exits_0_with_empty_array():
    result = run(["-", "--json"], stdin="关于做好2024年汛期安全防范工作的通知\n各镇人民政府：现将有关事项通知如下。".encode())
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_warnings_only_exit_0(tmp_path):
    path = tmp_path / "warn.html"
    path.write_text('<p style="color:red">请按照布署要求做好工作。</p>', encoding="utf-8")
    code, out, _err = call(str(path), "--json")
    assert code == 0
    assert {(f["category"], f["severity"]) for f in json.loads(out)} == {("format", "warn"), ("severe_typo", "warn")}


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "输入为空"),
        (b"  \n\t ", "输入为空"),
        ("政府网站".encode("gbk"), "UTF-8"),
        ("政府网站".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制"),
    ],
)
def test_bad_input_exits_2_with_chinese_message(tmp_path, data, words):
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    code, out, err = call(str(path), "--json")
    assert code == 2
    assert out == ""
    assert words in err


def test_bad_input_through_the_real_command_line():
    result = run(["-", "--json"], stdin=b"\x7fELF\x02\x01\x01\x00\x00binary")
    assert result.returncode == 2
    assert result.stdout == b""
    assert "二进制" in result.stderr.decode("utf-8")
    missing = run(["/nonexistent/file.txt", "--json"])
    assert missing.returncode == 2
    assert "找不到输入文件" in missing.stderr.decode("utf-8")


def test_stdin_through_call_command():
    code, out, _err = call("-", "--json", stdin=io.BytesIO("代 开 发 票，价格优惠".encode()))
    assert code == 1
    (finding,) = json.loads(out)
    assert finding["category"] == "prohibited" and finding["match"] == "代 开 发 票"


def test_readable_chinese_table_without_json(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    code, out, _err = call(str(path))
    assert code == 1
    assert "密级标志" in out and "禁止发布" in out and "个人信息" in out and "提醒" in out
    assert "共 4 处问题，其中 3 处禁止发布。" in out
    path.write_text("今天召开全区经济工作会议。", encoding="utf-8")
    code, out, _err = call(str(path))
    assert code == 0 and "未发现问题" in out


@pytest.mark.django_db
def test_unknown_site_exits_2(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("正文", encoding="utf-8")
    code, _out, err = call(str(path), "--json", "--site", "nosuchsite")
    assert code == 2 and "找不到网站" in err


def test_checks_import_and_run_without_django_settings():
    code = (
        "import os, sys\n"
        "os.environ.pop('DJANGO_SETTINGS_MODULE', None)\n"
        "from review.checks import check_text\n"
        "f = check_text('中国共产当')\n"
        "assert [x.category for x in f] == ['severe_typo'], f\n"
        "assert 'django.conf' not in sys.modules or not __import__('django.conf').conf.settings.configured\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.strip() == b"ok"
