#!/usr/bin/env python3
"""`make install` (Makefile): with DESTDIR the files land under it with the right modes and the
unit's paths follow PREFIX; the installed unit passes `systemd-analyze verify` (when systemd-analyze
exists) and keeps its hardening. Standard library only.

Environment: MAMON_BIN (the built binary to install).
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HARDENING = ("DynamicUser=yes", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes",
             "PrivateTmp=yes", "CapabilityBoundingSet=\n", "StateDirectory=mamon mamon/media",
             "EnvironmentFile=/etc/mamon/mamon.env", "SystemCallFilter=@system-service")


def make_install(**variables):
    args = ["make", "--no-print-directory", "-C", ROOT, "install",
            f"MAMON_BIN={os.environ['MAMON_BIN']}"]
    args += [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@unittest.skipUnless(os.environ.get("MAMON_BIN"), "MAMON_BIN not set")
class MakeInstall(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mamon-install-test.")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_destdir_stages_every_file_under_prefix(self):
        done = make_install(DESTDIR=self.tmp, PREFIX="/opt/mamon")
        self.assertEqual(done.returncode, 0, done.stderr)
        root = self.tmp + "/opt/mamon"
        self.assertEqual(mode(root + "/bin/mamon"), 0o755)
        for path in ("/share/mamon/starter.json", "/share/mamon/mamon.env.example",
                     "/share/doc/mamon/deployment.md", "/lib/systemd/system/mamon.service"):
            self.assertEqual(mode(root + path), 0o644, path)
        with open(root + "/lib/systemd/system/mamon.service") as f:
            unit = f.read()
        self.assertIn("\nExecStart=/opt/mamon/bin/mamon serve\n", unit)
        self.assertIn("\nExecStartPre=/opt/mamon/bin/mamon migrate\n", unit)
        self.assertNotIn("/usr/local/", unit)
        for setting in HARDENING:
            self.assertIn("\n" + setting, unit)
        # Nothing outside DESTDIR's PREFIX.
        self.assertEqual(os.listdir(self.tmp), ["opt"])
        done = subprocess.run([root + "/bin/mamon", "--help"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_a_missing_binary_is_a_one_line_reason(self):
        done = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "install",
                               f"DESTDIR={self.tmp}", "MAMON_BIN=/nonexistent/mamon"],
                              capture_output=True, text=True, timeout=60)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("install: no /nonexistent/mamon; run make build first", done.stderr)
        self.assertEqual(os.listdir(self.tmp), [])

    @unittest.skipUnless(shutil.which("systemd-analyze"), "no systemd-analyze")
    def test_installed_unit_passes_systemd_analyze_verify(self):
        # A real PREFIX (no DESTDIR), so that ExecStart's binary exists where the unit says.
        prefix = self.tmp + "/prefix"
        done = make_install(PREFIX=prefix)
        self.assertEqual(done.returncode, 0, done.stderr)
        unit = prefix + "/lib/systemd/system/mamon.service"
        verify = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        self.assertNotIn("mamon.service:", verify.stderr, verify.stderr)


if __name__ == "__main__":
    sys.exit(unittest.main())
