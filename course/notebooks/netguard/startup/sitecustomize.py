# Loaded by Python at start-up in notebook kernels started by the course build.
import os

if os.environ.get("COURSE_NETWORK_GUARD") == "1":
    from course.notebooks.netguard import install

    install()
