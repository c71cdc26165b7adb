"""Progress of a batch: a bar with percentage and ETA on a terminal, plain lines otherwise.

Every entry gets one line when it finishes, ``[k/N] name: ok: dim 15, orbit, 7.2 s`` on
standard output, or ``[k/N] name: error: <reason>`` on standard error (k is the entry's
1-based number in the spec). Inside a long entry the stage it is in (reading, building,
writing) is shown: on the bar, or as a plain line when the entry is expected to take more
than :data:`LONG_SECONDS` and again every :data:`REPEAT_SECONDS` while it runs. The
percentage weighs entries by their estimated time; the ETA is the estimated time left over
the workers, rescaled by how the measured times of the entries done compare with theirs.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO

__all__ = ["LONG_SECONDS", "Progress", "REPEAT_SECONDS"]

LONG_SECONDS = 5.0
"""Entries expected to take longer get plain lines for their stages."""
REPEAT_SECONDS = 30.0
"""A plain line repeats the stage of a long entry this often."""


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """The progress display of one batch run (see the module docstring).

    Parameters
    ----------
    total : int
        Number of entries in the spec.
    estimates : dict
        Estimated seconds of each entry to build, by number.
    names : dict
        Entry names by number.
    stdout, stderr : text streams
    jobs : int
        Entries running at once, at most.
    """

    def __init__(
        self,
        total: int,
        estimates: dict[int, float],
        names: dict[int, str],
        stdout: TextIO,
        stderr: TextIO,
        jobs: int = 1,
    ):
        self.total, self.estimates, self.names = total, estimates, names
        self.jobs = max(1, jobs)
        self.measured = 0.0
        """Seconds the entries done took, as their workers measured them."""
        self.stdout, self.stderr = stdout, stderr
        self.tty = bool(getattr(stdout, "isatty", lambda: False)())
        self.weight = sum(estimates.values()) or 1.0
        self.finished: set[int] = set()
        self.done_weight = 0.0
        self.running: dict[int, tuple[str, float, float]] = {}
        """number: (stage, started, last plain line)"""
        self.bar_shown = False

    # --- events ---
    def stage(self, number: int, text: str) -> None:
        now = time.monotonic()
        started = self.running.get(number, (text, now, now))[1]
        long = self.estimates.get(number, 0.0) >= LONG_SECONDS
        if not self.tty and long:
            about = f" (about {self.estimates[number]:.0f} s)" if "build" in text else ""
            self._line(self.stdout, f"{self._label(number)}: {text}{about}")
        self.running[number] = (text, started, now)
        self.tick()

    def finish(self, record: dict, note: str = "") -> None:
        number = record["number"]
        self.running.pop(number, None)
        if number not in self.finished:
            self.finished.add(number)
            if number in self.estimates:
                self.done_weight += self.estimates[number]
                self.measured += float(record.get("seconds", 0.0))
        if record["status"] == "ok":
            took = note or f"{record['seconds']:.3f} s"
            source = ", from the cache" if record.get("source") == "cache" else ""
            text = (
                f"ok: dim {record['dim']}, {record['method']}, {record['format']}{source}, {took}"
            )
            self._line(self.stdout, f"{self._label(number, record['name'])}: {text}")
        else:
            self._line(
                self.stderr, f"{self._label(number, record['name'])}: error: {record['message']}"
            )
        self.tick()

    def tick(self) -> None:
        now = time.monotonic()
        if not self.tty:
            for number, (text, started, last) in list(self.running.items()):
                if now - last >= REPEAT_SECONDS and self.estimates.get(number, 0) >= LONG_SECONDS:
                    self._line(
                        self.stdout, f"{self._label(number)}: still {text} ({now - started:.0f} s)"
                    )
                    self.running[number] = (text, started, now)
            return
        self._bar(now)

    def close(self) -> None:
        """End the bar's line (on a terminal); call once, when the run ends."""
        if self.tty and self.bar_shown:
            self._clear()
            self.stdout.flush()

    # --- rendering ---
    def _label(self, number: int, name: str | None = None) -> str:
        return f"[{number}/{self.total}] {name or self.names.get(number, '')}"

    def fraction(self, now: float) -> float:
        """The estimated fraction of the work done, running entries counted by their time."""
        partial = sum(
            0.9 * min(now - started, self.estimates.get(n, 0.0))
            for n, (_, started, _) in self.running.items()
        )
        return min(1.0, (self.done_weight + partial) / self.weight)

    def eta(self, now: float) -> float | None:
        """Seconds left: the estimates of the entries not done, less the time the running
        ones have had, rescaled by measured/estimated time of the entries done, over the
        workers; ``None`` while nothing runs or is left."""
        running = sum(
            min(now - started, 0.9 * self.estimates.get(n, 0.0))
            for n, (_, started, _) in self.running.items()
        )
        left = self.weight - self.done_weight - running
        if not self.running and left <= 0:
            return None
        speed = self.measured / self.done_weight if self.done_weight >= 1.0 else 1.0
        unfinished = sum(n not in self.finished for n in self.estimates)
        return max(0.0, left) * speed / min(self.jobs, max(1, unfinished))

    def _bar(self, now: float) -> None:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        fraction, eta = self.fraction(now), self.eta(now)
        cells = 24
        filled = int(cells * fraction)
        bar = "#" * filled + "-" * (cells - filled)
        left = f"ETA {_clock(eta)}" if eta is not None else "ETA --:--"
        doing = ""
        if self.running:
            number, (text, _, _) = min(self.running.items())
            doing = f"  {self.names.get(number, '')}: {text}"
        line = f"[{bar}] {100 * fraction:3.0f}% {len(self.finished)}/{self.total} {left}{doing}"
        self.stdout.write("\r" + line[:width].ljust(width))
        self.stdout.flush()
        self.bar_shown = True

    def _clear(self) -> None:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stdout.write("\r" + " " * width + "\r")
        self.bar_shown = False

    def _line(self, stream: TextIO, text: str) -> None:
        """A permanent line, never glued onto the bar or onto the other stream's output."""
        if self.tty and self.bar_shown:
            self._clear()
        self.stdout.flush()
        stream.write(text + "\n")
        stream.flush()
