#!/usr/bin/env python3
"""CI's static check of the container files (the full build and run is scripts/container-check.sh,
too slow for CI): docker-compose.yml parses and wires PostgreSQL 15 to the web service, every
Debian package the Dockerfile installs exists in Debian 12, the run stage installs the package of
every library the `mamon` binary links, the Dockerfile keeps its rules (below), and the entrypoint
migrates exactly when it should. Standard library + Debian's python3-yaml.

Environment: MAMON_BIN (the built binary; its libraries are checked when set).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# In Debian 12's minimal root file system already (apt needs them), so no stage installs them.
BASE_SYSTEM_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6"}
SANITIZER_PACKAGES = {"libasan8", "libubsan1"}  # only in sanitizer builds, never in the image


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def dockerfile_instructions(text):
    """[(KEYWORD, arguments)] with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        keyword, _, args = current.strip().partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        current = ""
    return instructions


def stages(instructions):
    """The instructions after each FROM: [(from_args, [(KEYWORD, args)])]."""
    result = []
    for keyword, args in instructions:
        if keyword == "FROM":
            result.append((args, []))
        elif result:
            result[-1][1].append((keyword, args))
    return result


def apt_packages(run_args):
    """The packages of every `apt-get install` in one RUN's shell text."""
    packages = []
    for command in re.split(r"&&|;", run_args):
        words = shlex.split(command)
        if words[:2] == ["apt-get", "install"]:
            packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def stage_packages(stage):
    return [p for keyword, args in stage[1] if keyword == "RUN" for p in apt_packages(args)]


class Dockerfile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.instructions = dockerfile_instructions(read("Dockerfile"))
        cls.stages = stages(cls.instructions)

    def test_base_is_an_argument_defaulting_to_bookworm_slim(self):
        self.assertEqual(self.instructions[0], ("ARG", "BASE=debian:bookworm-slim"))
        self.assertEqual(len(self.stages), 2, "a build stage and a run stage")
        self.assertEqual(self.stages[0][0], "${BASE} AS build")
        self.assertEqual(self.stages[1][0], "${BASE}")

    def test_run_stage_is_complete(self):
        run = dict()
        for keyword, args in self.stages[1][1]:
            run.setdefault(keyword, []).append(args)
        self.assertNotIn(run["USER"][-1], ("root", "0"), "the server must not run as root")
        self.assertIn("8000", run["EXPOSE"])
        env = " ".join(run["ENV"])
        for name in ("PORT=8000", "BIND=0.0.0.0:8000", "MEDIA_ROOT=", "DATABASE_URL=sqlite:////",
                     "MAMON_MIGRATE_ON_START=1"):
            self.assertIn(name, env)
        self.assertRegex(run["HEALTHCHECK"][0], r"CMD .*http://127\.0\.0\.1:\$\{PORT:-8000\}/healthz")
        self.assertEqual(run["VOLUME"], ['["/var/lib/mamon/db", "/var/lib/mamon/media"]'])
        self.assertEqual(run["ENTRYPOINT"], ['["/usr/local/bin/docker-entrypoint.sh"]'])
        self.assertEqual(run["CMD"], ['["mamon", "serve"]'])
        self.assertIn("--from=build /src/build/mamon /usr/local/bin/mamon", run["COPY"])

    def test_apt_rules(self):
        for _, body in self.stages:
            for keyword, args in body:
                self.assertNotEqual(keyword, "ADD", "COPY, not ADD (no remote or unpacked sources)")
                if keyword == "RUN" and "apt-get install" in args:
                    self.assertIn("apt-get update", args, "update and install in one RUN")
                    self.assertIn("-y --no-install-recommends", args)
                    self.assertIn("rm -rf /var/lib/apt/lists/*", args, "no package lists left")

    def test_copied_paths_are_in_the_build_context(self):
        allowed = [line[1:].rstrip("/") for line in read(".dockerignore").splitlines()
                   if line.startswith("!")]
        for _, body in self.stages:
            for keyword, args in body:
                if keyword != "COPY" or args.startswith("--from"):
                    continue
                for source in args.split()[:-1]:
                    self.assertTrue(any(source == a or source.startswith(a + "/") for a in allowed),
                                    f"COPY {source} is excluded by .dockerignore")
                    self.assertTrue(os.path.exists(os.path.join(ROOT, source)), source)

    def test_build_stage_installs_what_install_deps_installs(self):
        script = read("scripts/install-deps.sh")
        listed = re.search(r"build_packages=\(\n(.*?)\n\)", script, re.S).group(1).split()
        self.assertEqual(sorted(stage_packages(self.stages[0])), sorted(listed))

    @unittest.skipUnless(shutil.which("apt-cache"), "no apt-cache")
    def test_every_package_exists_in_debian_12(self):
        packages = stage_packages(self.stages[0]) + stage_packages(self.stages[1])
        self.assertGreater(len(packages), 20)
        output = subprocess.run(["apt-cache", "policy", *packages], capture_output=True,
                                text=True, check=True).stdout
        # One section per package, each starting at an unindented "NAME:" line.
        policies = dict(re.findall(r"^(\S+):\n((?:[ \t].*\n?)*)", output, re.M))
        for package in packages:
            policy = policies.get(package, "")
            self.assertRegex(policy, r"Candidate: (?!\(none\))",
                             f"{package} is not in this machine's package lists")
            self.assertRegex(policy, r" bookworm(-updates|-security)?/main ",
                             f"{package} does not come from Debian 12 (bookworm)")

    @unittest.skipUnless(os.environ.get("MAMON_BIN") and shutil.which("readelf"),
                         "MAMON_BIN not set or no readelf")
    def test_run_stage_has_the_package_of_every_linked_library(self):
        binary = os.environ["MAMON_BIN"]
        dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                                 check=True).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
        resolved = dict(re.findall(r"^\s*(\S+) => (\S+)", subprocess.run(
            ["ldd", binary], capture_output=True, text=True, check=True).stdout, re.M))
        runtime = set(stage_packages(self.stages[1]))
        self.assertGreater(len(needed), 5)
        for library in needed:
            owner = subprocess.run(["dpkg", "-S", os.path.realpath(resolved[library])],
                                   capture_output=True, text=True)
            if owner.returncode != 0:  # a merged-/usr path: dpkg knows the /lib one
                owner = subprocess.run(["dpkg", "-S", "/lib/x86_64-linux-gnu/" +
                                        os.path.basename(os.path.realpath(resolved[library]))],
                                       capture_output=True, text=True, check=True)
            package = owner.stdout.split(":")[0]
            if package in BASE_SYSTEM_PACKAGES | SANITIZER_PACKAGES:
                continue
            self.assertIn(package, runtime, f"mamon links {library} from {package}, which the "
                          "run stage does not install")


class Compose(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.compose = yaml.safe_load(read("docker-compose.yml"))

    def test_postgres_15_with_a_named_volume_and_a_healthcheck(self):
        db = self.compose["services"]["db"]
        self.assertEqual(db["image"], "postgres:15")
        self.assertIn("db-data:/var/lib/postgresql/data", db["volumes"])
        self.assertIn("pg_isready", " ".join(db["healthcheck"]["test"]))
        self.assertIn("POSTGRES_PASSWORD", db["environment"])

    def test_web_is_built_here_and_waits_for_a_healthy_database(self):
        web = self.compose["services"]["web"]
        self.assertEqual(web["build"], ".")
        self.assertEqual(web["env_file"], ".env")
        self.assertEqual(web["depends_on"]["db"]["condition"], "service_healthy")
        self.assertTrue(web["environment"]["DATABASE_URL"].startswith("postgres://mamon:"))
        self.assertTrue(web["environment"]["DATABASE_URL"].endswith("@db:5432/mamon"))
        self.assertIn("media:/var/lib/mamon/media", web["volumes"])
        self.assertTrue(any(p.endswith(":8000") for p in web["ports"]))

    def test_every_named_volume_is_declared(self):
        declared = set(self.compose["volumes"])
        for name, service in self.compose["services"].items():
            for volume in service.get("volumes", []):
                source = volume.split(":")[0]
                if not source.startswith((".", "/")):
                    self.assertIn(source, declared, f"{name} uses undeclared volume {source}")

    def test_secrets_file_is_an_example_only(self):
        example = read(".env.example")
        for name in ("POSTGRES_PASSWORD=", "SECRET_KEY=", "JWT_KEY=", "PUBLIC_URL="):
            self.assertIn("\n" + name, "\n" + example)
        self.assertIn(".env", read(".gitignore").splitlines())
        if os.path.isdir(os.path.join(ROOT, ".git")) or os.path.isfile(os.path.join(ROOT, ".git")):
            tracked = subprocess.run(["git", "-C", ROOT, "ls-files", ".env"], capture_output=True,
                                     text=True, check=True).stdout
            self.assertEqual(tracked, "", ".env must never be committed")


class Entrypoint(unittest.TestCase):
    """scripts/docker-entrypoint.sh with a stub `mamon` that logs its arguments."""

    def run_entrypoint(self, *args, migrate_on_start=None, stub_fails=False):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "calls")
            stub = os.path.join(tmp, "mamon")
            with open(stub, "w") as f:
                f.write(f'#!/bin/sh\necho "mamon $*" >> {log}\n'
                        + ("exit 3\n" if stub_fails else "exit 0\n"))
            os.chmod(stub, 0o755)
            env = {"PATH": tmp + ":/usr/bin:/bin"}
            if migrate_on_start is not None:
                env["MAMON_MIGRATE_ON_START"] = migrate_on_start
            done = subprocess.run(["sh", os.path.join(ROOT, "scripts/docker-entrypoint.sh"), *args],
                                  env=env, capture_output=True, text=True, timeout=30)
            calls = []
            if os.path.exists(log):
                with open(log) as f:
                    calls = f.read().splitlines()
            return done.returncode, calls

    def test_no_arguments_migrates_then_serves(self):
        self.assertEqual(self.run_entrypoint(), (0, ["mamon migrate", "mamon serve"]))

    def test_a_mamon_command_is_migrated_for(self):
        self.assertEqual(self.run_entrypoint("mamon", "loaddata", "x.json"),
                         (0, ["mamon migrate", "mamon loaddata x.json"]))

    def test_migrate_help_and_other_commands_run_alone(self):
        self.assertEqual(self.run_entrypoint("mamon", "migrate"), (0, ["mamon migrate"]))
        self.assertEqual(self.run_entrypoint("mamon", "--help"), (0, ["mamon --help"]))
        self.assertEqual(self.run_entrypoint("true"), (0, []))

    def test_migrate_on_start_0_skips_the_migration(self):
        self.assertEqual(self.run_entrypoint(migrate_on_start="0"), (0, ["mamon serve"]))

    def test_a_failed_migration_stops_the_start(self):
        self.assertEqual(self.run_entrypoint(stub_fails=True), (3, ["mamon migrate"]))


@unittest.skipUnless(shutil.which("shellcheck"), "no shellcheck")
class Scripts(unittest.TestCase):
    def test_shellcheck(self):
        for script in ("scripts/container-check.sh", "scripts/docker-entrypoint.sh"):
            done = subprocess.run(["shellcheck", os.path.join(ROOT, script)], capture_output=True,
                                  text=True)
            self.assertEqual(done.returncode, 0, done.stdout)


if __name__ == "__main__":
    sys.exit(unittest.main())
