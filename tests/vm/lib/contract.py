# SPDX-License-Identifier: GPL-2.0
"""Names from the kernel<->user contract (include/anon_lazy/contract.h),
read from the header itself so that tests never hold a copy that drifts."""
import os
import re

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "..", "include", "anon_lazy", "contract.h")


def _text():
    with open(HEADER) as f:
        return f.read()


def roles():
    """The role names of AL_ROLES, in the contract's order."""
    block = re.search(r"#define AL_ROLES\(X\)((?:.*\\\n)*.*\n)", _text())
    return re.findall(r'X\(\w+,\s*"(\w+)"\)', block.group(1))


def files():
    """The debugfs file names (AL_FILE_*), in the header's order."""
    return re.findall(r'^#define AL_FILE_\w+\s+"(\w+)"', _text(), re.M)
