"""STAND-IN for the install.py of IJava's release archive ijava-1.3.0.zip, for tests of binder/postBuild
on machines that cannot download the real archive. Same command line and the same result: the `java`
folder next to this file becomes the kernelspec `java`, and the @KERNEL_INSTALL_DIRECTORY@ token in
its kernel.json is replaced by the installed folder. Uses jupyter_client's KernelSpecManager when it
is importable (as the real script does), else writes the kernelspec folder where Jupyter looks."""
import argparse
import json
import os
import shutil
import sys

TOKEN = "@KERNEL_INSTALL_DIRECTORY@"
ENV_OPTIONS = {
    "classpath": ("IJAVA_CLASSPATH", os.pathsep),
    "comp-opts": ("IJAVA_COMPILER_OPTS", " "),
    "startup-scripts-path": ("IJAVA_STARTUP_SCRIPTS_PATH", os.pathsep),
    "startup-script": ("IJAVA_STARTUP_SCRIPT", None),
    "timeout": ("IJAVA_TIMEOUT", None),
}


def data_dir(user, prefix):
    if user:
        if os.environ.get("JUPYTER_DATA_DIR"):
            return os.environ["JUPYTER_DATA_DIR"]
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        return os.path.join(base, "jupyter")
    if prefix:
        return os.path.join(prefix, "share", "jupyter")
    return os.path.join("/usr/local", "share", "jupyter")


def install(source, user, prefix):
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        KernelSpecManager = None
    if KernelSpecManager is not None:
        dest = KernelSpecManager().install_kernel_spec(source, kernel_name="java", user=user, prefix=prefix)
        print("(stand-in) installed with jupyter_client's KernelSpecManager")
        return dest
    dest = os.path.join(data_dir(user, prefix), "kernels", "java")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    shutil.copytree(source, dest)
    print("(stand-in) jupyter_client not importable: copied the kernelspec folder")
    return dest


def main():
    parser = argparse.ArgumentParser(description="Install the java kernel (IJava stand-in).")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true")
    where.add_argument("--sys-prefix", action="store_true")
    where.add_argument("--prefix", default="")
    parser.add_argument("--replace", action="store_true")
    for name in ENV_OPTIONS:
        parser.add_argument("--" + name, action="append", default=[])
    args = parser.parse_args()

    env = {}
    for name, (var, sep) in ENV_OPTIONS.items():
        values = getattr(args, name.replace("-", "_"))
        if values:
            env[var] = sep.join(values) if sep else values[-1]

    here = os.path.dirname(os.path.abspath(__file__))
    prefix = sys.prefix if args.sys_prefix else (args.prefix or None)
    dest = install(os.path.join(here, "java"), args.user, prefix)

    with open(os.path.join(here, "java", "kernel.json")) as f:
        spec = json.loads(f.read().replace(TOKEN, json.dumps(dest)[1:-1]))
    spec.setdefault("env", {}).update(env)
    with open(os.path.join(dest, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=4, sort_keys=True)
    print('Installed java kernel into "%s"' % dest)


if __name__ == "__main__":
    main()
