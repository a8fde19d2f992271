"""Helpers of the MPI tests (label `mpi`): launching innosim under mpirun
inside this sandbox, as root, on loopback only."""
import os
import subprocess

# As root OpenMPI wants --allow-run-as-root; --oversubscribe lets 3 ranks
# share 2 cores. Shared memory between ranks (vader) without the
# cross-memory-attach single copy, which containers often forbid; nothing
# over the network but loopback.
MPI_ENV = {
    "OMPI_MCA_btl": "self,vader",
    "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
    "OMPI_MCA_rmaps_base_oversubscribe": "1",
    "OMPI_MCA_btl_tcp_if_include": "lo",
    "OMPI_MCA_oob_tcp_if_include": "lo",
    # No probing for UCX/OFI networks at MPI_Init: 0.2 s less per launch.
    "OMPI_MCA_pml": "ob1",
}


def env():
    e = dict(os.environ)
    e.update(MPI_ENV)
    return e


def mpirun_cmd(mpiexec, ranks, exe, *args):
    return [mpiexec, "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), exe, *args]


def mpirun(mpiexec, ranks, exe, *args, timeout=300):
    return subprocess.run(mpirun_cmd(mpiexec, ranks, exe, *args), capture_output=True, text=True, env=env(),
                          timeout=timeout)


def start(mpiexec, ranks, exe, *args, extra_env=None):
    """mpirun in a process group of its own (to kill it and its children as one)."""
    e = env()
    e.update(extra_env or {})
    return subprocess.Popen(mpirun_cmd(mpiexec, ranks, exe, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=e, start_new_session=True)


def rank_pids(mpirun_pid):
    """{rank: pid} of the ranks mpirun started (its children, by OMPI_COMM_WORLD_RANK)."""
    out = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid != mpirun_pid:
                continue
            with open(f"/proc/{pid}/environ", "rb") as f:
                for var in f.read().split(b"\0"):
                    if var.startswith(b"OMPI_COMM_WORLD_RANK="):
                        out[int(var.split(b"=", 1)[1])] = int(pid)
        except (OSError, ValueError, IndexError):
            continue
    return out


def alive(pid):
    """True unless `pid` is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
