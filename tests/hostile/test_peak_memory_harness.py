"""The memory tests' own yardstick: the peak read for an xlsales child is its own, not the
test process's. Before the launcher, a test worker that held 700 MB made a refused file
look like a 714 MB run (the kernel counts the spawning process's pages until exec)."""

from tests.harness.processes import run_xlsales


def test_a_large_test_process_does_not_count_as_the_childs_memory(tmp_path):
    ballast = bytearray(600 * 2**20)
    ballast[::4096] = b"x" * len(ballast[::4096])  # resident, not only reserved
    ran = run_xlsales("report", tmp_path / "absent.csv", "-o", tmp_path / "plan.xlsx")
    assert ran.code != 0
    assert ran.peak_mb < 200, ran.peak_mb
    assert len(ballast) == 600 * 2**20
