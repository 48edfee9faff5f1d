"""Stand-in for Pulumi's Python language host (`pulumi-language-python` v3.259.0), whose Go module the
module proxy does not serve here; started by the `pulumi-language-python` launcher on the venv of
scripts/install-python-pulumi.sh, whose `pulumi` wheel provides grpcio and the protocol stubs.

Run behaves as the Go host's: it spawns `<python> pulumi-language-python-exec --monitor … --engine …
--project … --root_directory … --stack … --pwd … --dry_run true|false --parallel N [--organization …]
<entry point>` with PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS, where <python> is the project's
virtualenv (runtime option `virtualenv`) or, without one, the SDK venv this host runs on. Program
output goes straight to the engine; exit code 32 means "already reported" (bail), any other
non-zero code is "program exited with non-zero exit code: N". InstallDependencies (`pulumi install`)
and the virtualenv creation of GetRequiredPackages are the pip toolchain's (python_toolchain.py).
Not served: RunPlugin (Python providers and policy packs), Template, Pack, Link and code generation.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, language_pb2, language_pb2_grpc, plugin_pb2

import python_toolchain as toolchain
from python_toolchain import PythonOptions

EXITED_AFTER_USER_ACTIONABLE_MESSAGE = 32
EXECUTOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pulumi-language-python-exec")
# The CLI's version, from the folder build-pulumi.sh installs into (…/pulumi-v3.259.0/bin).
VERSION = next((part[len("pulumi-"):] for part in reversed(os.path.abspath(__file__).split(os.sep)) if part.startswith("pulumi-v")), "v3.259.0")


def options_of(info, is_plugin: bool = False) -> PythonOptions:
    options = json_format.MessageToDict(info.options) if info.HasField("options") else {}
    return PythonOptions.parse(info.root_directory or os.getcwd(), options, is_plugin)


def failed(context, error: Exception):
    """A Go host method returning an error: the engine shows the message (gRPC status UNKNOWN)."""
    context.abort(grpc.StatusCode.UNKNOWN, str(error))


class Programs:
    """The programs Run started, so a cancel or a vanished engine can stop them."""

    def __init__(self):
        self._running = set()
        self._lock = threading.Lock()

    def start(self, *args, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(*args, **kwargs)
        with self._lock:
            self._running.add(process)
        return process

    def wait(self, process: subprocess.Popen) -> int:
        try:
            return process.wait()
        finally:
            with self._lock:
                self._running.discard(process)

    def stop(self):
        """Interrupts every program, then kills what is left after 5 seconds (the Go host's WaitDelay)."""
        with self._lock:
            running = list(self._running)
        for process in running:
            interrupt(process)
        deadline = time.monotonic() + 5
        for process in running:
            try:
                process.wait(max(0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


def interrupt(process: subprocess.Popen):
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGINT)
        except ProcessLookupError:
            pass


class EngineWatch:
    """Exits (after stopping the programs) once the engine stops answering, as the Go plugins do through
    rpcutil.Healthcheck: any error but UNIMPLEMENTED means the engine is gone. The Go host checks every
    5 minutes; this checks every 2 seconds, as plugin-support.js does for the Node.js stand-ins, so a
    killed `pulumi up` leaves nothing behind."""

    def __init__(self, programs: Programs):
        self._programs = programs
        self._watched = set()
        self._lock = threading.Lock()

    def watch(self, engine_address: str):
        with self._lock:
            if not engine_address or engine_address in self._watched:
                return
            self._watched.add(engine_address)
        check = grpc.insecure_channel(engine_address).unary_unary(
            "/grpc.health.v1.Health/Check", request_serializer=lambda _: b"", response_deserializer=lambda data: data)
        threading.Thread(target=self._poll, args=(check,), daemon=True).start()

    def _poll(self, check):
        while True:
            time.sleep(2)
            try:
                check(None, timeout=10)
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                    self._programs.stop()
                    os._exit(1)


class EngineLog:
    """Writes to the engine's log as the Go host's createEngineWriters: ephemeral lines of one stream."""

    def __init__(self, engine_address: str):
        self._engine = engine_pb2_grpc.EngineStub(grpc.insecure_channel(engine_address))
        self._stream_id = random.randint(1, 2**31 - 1)

    def write(self, stream: str, chunk: bytes):
        severity = engine_pb2.LogSeverity.INFO if stream == "stdout" else engine_pb2.LogSeverity.ERROR
        self._engine.Log(engine_pb2.LogRequest(
            message=chunk.decode(errors="replace"), ephemeral=True, streamId=self._stream_id, severity=severity))


def run_arguments(request, engine_address: str):
    """The Go host's constructArguments: empty values are left out, dry_run and parallel never are."""
    args = []

    def add(flag: str, value: str):
        if value:
            args.extend([f"--{flag}", value])

    add("monitor", request.monitor_address)
    add("engine", engine_address)
    add("project", request.project)
    add("root_directory", request.info.root_directory)
    add("stack", request.stack)
    add("pwd", request.pwd)
    add("dry_run", "true" if request.dryRun else "false")
    add("parallel", str(request.parallel))
    add("organization", request.organization)
    return args + [request.info.entry_point, *request.args]


def program_environment(request, python: str):
    env = toolchain.activated_environment(python)
    # The Go host leaves PULUMI_CONFIG unset when there is no config, and sends `[]` for no secret keys.
    if request.config:
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
    env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
    return env


def exit_error(code: int) -> str:
    if code < 0:
        return f"program exited unexpectedly: signal: {signal.Signals(-code).name}"
    return f"program exited with non-zero exit code: {code}"


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    def __init__(self, engine_address: str, programs: Programs, engine_watch: EngineWatch):
        self.engine_address = engine_address
        self.programs = programs
        self.engine_watch = engine_watch

    def Handshake(self, request, context):
        self.engine_address = request.engine_address
        self.engine_watch.watch(self.engine_address)
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request, context):
        return plugin_pb2.PluginInfo(version=VERSION)

    def GetRequiredPlugins(self, request, context):
        # The Go host leaves this to GetRequiredPackages, which the engine asks first.
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "method GetRequiredPlugins not implemented")

    def GetRequiredPackages(self, request, context):
        """Creates the project's virtualenv if it is missing (the Go host's EnsureVenv, output to the
        engine's log), then reports the installed Pulumi packages that have a plugin."""
        try:
            options = options_of(request.info)
            if toolchain.needs_virtualenv(options):
                log = EngineLog(self.engine_address)
                for stream, chunk in toolchain.install_dependencies(options, request.info.program_directory):
                    log.write(stream, chunk)
            python = toolchain.python_for(options)
            packages = toolchain.required_packages(python, toolchain.activated_environment(python))
        except (ValueError, toolchain.CommandFailed) as error:
            return failed(context, error)
        response = language_pb2.GetRequiredPackagesResponse()
        for package in packages:
            dependency = response.packages.add(kind="resource", name=package["name"], version=package["version"], server=package["server"])
            if package["parameterization"]:
                json_format.ParseDict(package["parameterization"], dependency.parameterization, ignore_unknown_fields=True)
        return response

    def Run(self, request, context):
        try:
            python = toolchain.python_for(options_of(request.info))
        except ValueError as error:
            return failed(context, error)
        args = [python, EXECUTOR, *run_arguments(request, self.engine_address)]
        try:
            process = self.programs.start(
                args, cwd=request.info.program_directory or os.getcwd(), env=program_environment(request, python), stdin=subprocess.DEVNULL)
        except OSError as error:
            return language_pb2.RunResponse(error=f"problem executing program (could not run language executor): {error}")
        # The engine cancelling the call (or finishing it) interrupts the program, as the Go host's command context.
        context.add_callback(lambda: interrupt(process))
        code = self.programs.wait(process)
        if code == 0:
            return language_pb2.RunResponse()
        if code == EXITED_AFTER_USER_ACTIONABLE_MESSAGE:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=exit_error(code))

    def InstallDependencies(self, request, context):
        """Streams the install's output as the Go host does; a failure ends the stream with its message."""
        try:
            options = options_of(request.info, request.is_plugin)
            yield language_pb2.InstallDependenciesResponse(stdout=b"Installing dependencies...\n\n")
            for stream, chunk in toolchain.install_dependencies(options, request.info.program_directory or request.directory):
                yield language_pb2.InstallDependenciesResponse(**{stream: chunk})
            yield language_pb2.InstallDependenciesResponse(stdout=b"Finished installing dependencies\n\n")
        except (ValueError, toolchain.CommandFailed) as error:
            failed(context, error)

    def RuntimeOptionsPrompts(self, request, context):
        """As the Go host: offer a toolchain when none is set, and a virtualenv name for pip."""
        options = json_format.MessageToDict(request.info.options) if request.info.HasField("options") else {}
        prompt = language_pb2.RuntimeOptionPrompt
        string = prompt.RuntimeOptionType.STRING
        prompts = []
        if "toolchain" not in options:
            pip = prompt.RuntimeOptionValue(promptType=string, stringValue="pip", displayName="pip")
            # Found executables first, the others marked as the Go host's MakeExecutablePromptChoices does.
            managers = sorted(("poetry", "uv"), key=lambda name: shutil.which(name) is None)
            choices = [pip] + [prompt.RuntimeOptionValue(
                promptType=string, stringValue=name, displayName=name if shutil.which(name) else f"{name} [not found]") for name in managers]
            prompts.append(prompt(key="toolchain", description="The toolchain to use for installing dependencies and running the program",
                                  promptType=string, choices=choices, default=pip))
        elif options["toolchain"] == "pip" and "virtualenv" not in options:
            venv = prompt.RuntimeOptionValue(promptType=string, stringValue="venv")
            prompts.append(prompt(key="virtualenv", description="The virtualenv to use", promptType=string, choices=[venv], default=venv))
        return language_pb2.RuntimeOptionsResponse(prompts=prompts)

    def About(self, request, context):
        try:
            options = options_of(request.info) if request.HasField("info") else PythonOptions(root=os.getcwd())
            python = toolchain.python_for(options)
            facts = toolchain.about(python, toolchain.activated_environment(python))
        except (ValueError, toolchain.CommandFailed) as error:
            return failed(context, error)
        return language_pb2.AboutResponse(
            executable=facts["executable"], version=facts["version"],
            metadata={"toolchain": "Pip", "toolchainVersion": facts["pip"], "typechecker": "None"})

    def GetProgramDependencies(self, request, context):
        try:
            python = toolchain.python_for(options_of(request.info))
            packages = toolchain.pip_list(python, toolchain.activated_environment(python), request.transitiveDependencies)
        except (ValueError, toolchain.CommandFailed) as error:
            return failed(context, error)
        return language_pb2.GetProgramDependenciesResponse(
            dependencies=[language_pb2.DependencyInfo(name=p["name"], version=p["version"]) for p in packages])

    def Cancel(self, request, context):
        threading.Thread(target=self.programs.stop, daemon=True).start()
        return empty_pb2.Empty()


def engine_address_of(argv):
    """The engine passes `[--logtostderr] [-v=N] [--tracing <endpoint>] <engine address>`: the address is last."""
    positional = [arg for i, arg in enumerate(argv) if not arg.startswith("-") and (i == 0 or argv[i - 1] != "--tracing")]
    return positional[-1] if positional else ""


def main():
    if "--version" in sys.argv[1:] or "-version" in sys.argv[1:]:
        print(VERSION)
        return
    engine_address = engine_address_of(sys.argv[1:])
    programs = Programs()
    engine_watch = EngineWatch(programs)
    engine_watch.watch(engine_address)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=[
        ("grpc.max_receive_message_length", 400 * 1024 * 1024), ("grpc.max_send_message_length", 400 * 1024 * 1024)])
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(LanguageHost(engine_address, programs, engine_watch), server)
    port = server.add_insecure_port("127.0.0.1:0")
    if port == 0:
        print("could not start language host RPC server: no port to listen on", file=sys.stderr)
        sys.exit(1)
    server.start()
    print(port, flush=True)

    def shut_down(*_):
        programs.stop()
        server.stop(grace=0)

    # The Go host stops serving on an interrupt; its programs are interrupted with it.
    signal.signal(signal.SIGINT, shut_down)
    signal.signal(signal.SIGTERM, shut_down)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
