// Command pulumi-language-go is a stand-in for Pulumi's Go language host (`pulumi-language-go`
// v3.259.0), whose module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 the module proxy
// does not serve here (HTTP 403 for every version). It is built from Pulumi's own Go SDK: the
// LanguageRuntime gRPC service of sdk/v3/proto/go, served and health-checked with sdk/v3's rpcutil.
//
// Run behaves as the real host's: `go build -o <temp file>` in the program directory (build output
// goes to the engine), then the binary runs in the request's pwd with the engine's environment:
// PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION,
// PULUMI_ROOT_DIRECTORY, PULUMI_CONFIG (JSON), PULUMI_CONFIG_SECRET_KEYS (JSON, `[]` for none),
// PULUMI_DRY_RUN and PULUMI_PARALLEL. Exit code 32 means the program already reported its error
// (bail); any other non-zero code is "program exited with non-zero exit code: N". The runtime
// options `binary` (a prebuilt program) and `buildTarget` (where to build it) are honoured.
// GetRequiredPackages reads the plugin each required module declares in its pulumi-plugin.json, as
// the real host does; InstallDependencies runs `go mod tidy -compat=1.18`.
//
// Unlike the real host it watches the engine every 2 seconds instead of every 5 minutes, and stops
// the programs it started when the engine is gone, so a killed `pulumi up` leaves nothing behind
// (as the Python and Node.js stand-ins do). Not served: RunPlugin (Go providers and policy packs),
// debugging, PULUMI_GO_USE_RUN, code generation (GenerateProgram, GenerateProject, GeneratePackage),
// Pack, Link and Template: those need github.com/pulumi/pulumi/pkg/v3 and are not used here.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blang/semver"
	"golang.org/x/mod/module"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// How often the engine is checked. The real host's 5 minutes would leave programs running for
// that long after a killed `pulumi up`.
const engineWatchInterval = 2 * time.Second

// How long an interrupted program may take to exit before it is killed.
const stopGrace = 5 * time.Second

func main() {
	flags := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	flags.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint (ignored)")
	flags.String("binary", "", "[obsolete] Look on path for a binary executable with this name")
	flags.String("buildTarget", "", "[obsolete] Path to use to output the compiled Pulumi Go program")
	flags.String("root", "", "[obsolete] Project root path to use")
	if err := flags.Parse(os.Args[1:]); err != nil {
		cmdutil.Exit(err)
	}
	engineAddress := ""
	if flags.NArg() > 0 {
		engineAddress = flags.Arg(0)
	} else {
		fmt.Fprintln(os.Stderr, "Warning: launching without arguments, only for debugging")
	}
	if err := serve(engineAddress); err != nil {
		cmdutil.Exit(err)
	}
}

func serve(engineAddress string) error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	host := &goLanguageHost{engineAddress: engineAddress, engineLost: cancel}
	if err := host.watchEngine(ctx); err != nil {
		return err
	}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		host.programs.stop()
		close(stop)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("could not start language host RPC server: %w", err)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("language host RPC stopped serving: %w", err)
	}
	return nil
}

type goLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	watched       map[string]bool
	engineLost    context.CancelFunc
	programs      programs
}

// watchEngine cancels the host (which stops its programs and the server) once the engine stops
// answering health checks; rpcutil.Healthcheck treats UNIMPLEMENTED as alive.
func (host *goLanguageHost) watchEngine(ctx context.Context) error {
	host.mu.Lock()
	defer host.mu.Unlock()
	if host.engineAddress == "" || host.watched[host.engineAddress] {
		return nil
	}
	if host.watched == nil {
		host.watched = map[string]bool{}
	}
	host.watched[host.engineAddress] = true
	if err := rpcutil.Healthcheck(ctx, host.engineAddress, engineWatchInterval, host.engineLost); err != nil {
		return fmt.Errorf("could not start health check host RPC server: %w", err)
	}
	return nil
}

func (host *goLanguageHost) engine() string {
	host.mu.Lock()
	defer host.mu.Unlock()
	return host.engineAddress
}

func (host *goLanguageHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req == nil || req.EngineAddress == "" {
		return nil, errors.New("Must contain address in request")
	}
	host.mu.Lock()
	host.engineAddress = req.EngineAddress
	host.mu.Unlock()
	// The watch outlives this call: it ends with the host.
	if err := host.watchEngine(context.Background()); err != nil {
		return nil, err
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (host *goLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (host *goLanguageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	// As the real host: the engine asks GetRequiredPackages.
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

// goOptions are the project's runtime options (Pulumi.yaml `runtime.options`).
type goOptions struct {
	binary      string // a prebuilt program, looked up on PATH
	buildTarget string // where to build the program instead of a temporary file
}

func parseOptions(options map[string]any) (goOptions, error) {
	var parsed goOptions
	for name, target := range map[string]*string{"binary": &parsed.binary, "buildTarget": &parsed.buildTarget} {
		if value, ok := options[name]; ok {
			text, ok := value.(string)
			if !ok {
				return parsed, fmt.Errorf("%s option must be a string", name)
			}
			*target = text
		}
	}
	if parsed.binary != "" && parsed.buildTarget != "" {
		return parsed, errors.New("binary and buildTarget cannot both be specified")
	}
	return parsed, nil
}

func (host *goLanguageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	engine := host.engine()
	if engine == "" {
		return nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	opts, err := parseOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return nil, err
	}
	env, err := programEnvironment(req, engine)
	if err != nil {
		return nil, fmt.Errorf("failed to prepare environment: %w", err)
	}

	program := ""
	if opts.binary != "" {
		if program, err = exec.LookPath(opts.binary); err != nil {
			return nil, fmt.Errorf("unable to find '%s' executable: %w", opts.binary, err)
		}
	} else {
		if program, err = host.compile(req.GetInfo().GetProgramDirectory(), opts.buildTarget); err != nil {
			return nil, fmt.Errorf("error in compiling Go: %w", err)
		}
		if opts.buildTarget == "" {
			defer os.Remove(program)
		}
	}

	cmd := exec.Command(program)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	code, err := host.programs.run(cmd)
	switch {
	case err != nil:
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	case code == 0:
		return &pulumirpc.RunResponse{}, nil
	case code == constant.ExitStatusLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", code)}, nil
	}
}

// compile builds the program with `go build -o <outfile>` in its directory (a temporary file when
// no outfile is given), its output to the engine, and returns the binary's path.
func (host *goLanguageHost) compile(programDirectory, outfile string) (string, error) {
	if matches, err := filepath.Glob(filepath.Join(programDirectory, "*.go")); err != nil || len(matches) == 0 {
		return "", fmt.Errorf("Failed to find go files for 'go build' matching %s", filepath.Join(programDirectory, "*.go"))
	}
	if outfile == "" {
		f, err := os.CreateTemp("", "pulumi-go.*")
		if err != nil {
			return "", fmt.Errorf("unable to create go program temp file: %w", err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("unable to close go program temp file: %w", err)
		}
		outfile = f.Name()
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("unable to find 'go' executable: %w", err)
	}
	build := exec.Command(gobin, "build", "-o", outfile)
	build.Dir = programDirectory
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if code, err := host.programs.run(build); err != nil || code != 0 {
		if err == nil {
			err = fmt.Errorf("exit status %d", code)
		}
		return "", fmt.Errorf("unable to run `go build`: %w", err)
	}
	if info, err := os.Stat(outfile); err != nil || info.Mode()&0o111 == 0 {
		return "", errors.New("go program is not executable, does your program have a 'main' package?")
	}
	return outfile, nil
}

// programEnvironment is the host's environment plus what pulumi.Run reads; empty values are left
// out, except the secret keys, which are `[]` when there are none (as the real host sends).
func programEnvironment(req *pulumirpc.RunRequest, engine string) ([]string, error) {
	env := os.Environ()
	add := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	config := ""
	if req.GetConfig() != nil {
		data, err := json.Marshal(req.GetConfig())
		if err != nil {
			return nil, err
		}
		config = string(data)
	}
	secretKeys := "[]"
	if req.GetConfigSecretKeys() != nil {
		data, err := json.Marshal(req.GetConfigSecretKeys())
		if err != nil {
			return nil, err
		}
		secretKeys = string(data)
	}
	add(pulumi.EnvOrganization, req.GetOrganization())
	add(pulumi.EnvProject, req.GetProject())
	add(pulumi.EnvPulumiRootDirectory, req.GetInfo().GetRootDirectory())
	add(pulumi.EnvStack, req.GetStack())
	add(pulumi.EnvConfig, config)
	add(pulumi.EnvConfigSecretKeys, secretKeys)
	add(pulumi.EnvDryRun, strconv.FormatBool(req.GetDryRun()))
	add(pulumi.EnvParallel, strconv.Itoa(int(req.GetParallel())))
	add(pulumi.EnvMonitor, req.GetMonitorAddress())
	add(pulumi.EnvEngine, engine)
	return env, nil
}

// programs are the processes Run started (builds and programs), so a vanished engine stops them.
type programs struct {
	mu      sync.Mutex
	running map[*exec.Cmd]bool
	stopped bool
}

// run starts cmd and waits for it: its exit code, or an error when it could not run or died of a signal.
func (p *programs) run(cmd *exec.Cmd) (int, error) {
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		return 0, errors.New("the language host is shutting down")
	}
	if err := cmd.Start(); err != nil {
		p.mu.Unlock()
		return 0, fmt.Errorf("command errored unexpectedly: %w", err)
	}
	if p.running == nil {
		p.running = map[*exec.Cmd]bool{}
	}
	p.running[cmd] = true
	p.mu.Unlock()

	err := cmd.Wait()
	p.mu.Lock()
	delete(p.running, cmd)
	p.mu.Unlock()
	if err == nil {
		return 0, nil
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return 0, fmt.Errorf("command errored unexpectedly: %w", err)
	}
	waitStatus, ok := exitErr.Sys().(syscall.WaitStatus)
	if !ok || waitStatus.Signaled() {
		return 0, fmt.Errorf("program exited unexpectedly: %w", err)
	}
	return waitStatus.ExitStatus(), nil
}

// stop interrupts every running process, then kills what is left after stopGrace.
func (p *programs) stop() {
	p.mu.Lock()
	p.stopped = true
	running := make([]*exec.Cmd, 0, len(p.running))
	for cmd := range p.running {
		running = append(running, cmd)
	}
	p.mu.Unlock()
	for _, cmd := range running {
		_ = cmd.Process.Signal(os.Interrupt)
	}
	deadline := time.Now().Add(stopGrace)
	for _, cmd := range running {
		for time.Now().Before(deadline) && cmd.ProcessState == nil && cmd.Process.Signal(syscall.Signal(0)) == nil {
			time.Sleep(50 * time.Millisecond)
		}
		_ = cmd.Process.Kill()
	}
}

func (host *goLanguageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	fmt.Fprint(stdout, "Installing dependencies...\n\n")
	gobin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("unable to find 'go' executable: %w", err)
	}
	tidy := exec.Command(gobin, "mod", "tidy", "-compat=1.18")
	tidy.Dir = req.GetInfo().GetProgramDirectory()
	tidy.Stdout, tidy.Stderr = stdout, stderr
	if err := tidy.Run(); err != nil {
		return fmt.Errorf("`go mod tidy` failed to install dependencies: %w", err)
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

func (host *goLanguageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (host *goLanguageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("could not find executable 'go': %w", err)
	}
	out, err := exec.CommandContext(ctx, gobin, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("failed to execute '%s version'", gobin)
	}
	return &pulumirpc.AboutResponse{Executable: gobin, Version: strings.TrimSpace(string(out))}, nil
}

// goMod is what `go mod edit -json` prints of a go.mod.
type goMod struct {
	Require []struct {
		Path     string
		Version  string
		Indirect bool
	}
	Replace []struct{ Old struct{ Path string } }
}

// loadGoMod finds the go.mod governing programDir (workspaces off, as the real host) and reads it.
func loadGoMod(ctx context.Context, gobin, programDir string) (string, *goMod, error) {
	find := exec.CommandContext(ctx, gobin, "list", "-m", "-f", "{{.GoMod}}")
	find.Dir = programDir
	find.Env = append(os.Environ(), "GOWORK=off")
	find.Stderr = os.Stderr
	out, err := find.Output()
	if err != nil {
		return "", nil, fmt.Errorf("go list -m: %w", err)
	}
	path := strings.TrimSpace(string(out))
	if path == "" {
		return "", nil, fmt.Errorf("no go.mod file found: %v", programDir)
	}
	edit := exec.CommandContext(ctx, gobin, "mod", "edit", "-json", path)
	edit.Stderr = os.Stderr
	if out, err = edit.Output(); err != nil {
		return "", nil, fmt.Errorf("go mod edit -json: %w", err)
	}
	var mod goMod
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return filepath.Dir(path), &mod, nil
}

// moduleInfo is the part of `go list -m -json` and `go mod download -json` output used here.
type moduleInfo struct {
	Path    string
	Version string
	Dir     string
}

func goModules(ctx context.Context, gobin, dir string, args ...string) ([]moduleInfo, error) {
	cmd := exec.CommandContext(ctx, gobin, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var modules []moduleInfo
	decoder := json.NewDecoder(out)
	for decoder.More() {
		var info moduleInfo
		if err := decoder.Decode(&info); err != nil {
			_ = cmd.Wait()
			return nil, fmt.Errorf("decode module info: %w", err)
		}
		modules = append(modules, info)
	}
	return modules, cmd.Wait()
}

// moduleSources finds where each module's source is: listed, else downloaded to the module cache;
// in vendor mode only what the vendor directory holds.
func moduleSources(ctx context.Context, gobin, moduleDir string, paths []string) ([]moduleInfo, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	modules, err := goModules(ctx, gobin, moduleDir, append([]string{"list", "-m", "-json"}, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	vendor := filepath.Join(moduleDir, "vendor")
	if _, err := os.Stat(vendor); err == nil {
		found := modules[:0]
		for _, m := range modules {
			if m.Dir == "" {
				if _, err := os.Stat(filepath.Join(vendor, m.Path)); err == nil {
					m.Dir = filepath.Join(vendor, m.Path)
				}
			}
			if m.Dir != "" {
				found = append(found, m)
			}
		}
		return found, nil
	}
	var missing []string
	index := map[string]int{}
	for i, m := range modules {
		index[m.Path] = i
		if m.Dir == "" {
			missing = append(missing, m.Path)
		}
	}
	if len(missing) > 0 {
		downloaded, err := goModules(ctx, gobin, moduleDir, append([]string{"mod", "download", "-json"}, missing...)...)
		if err != nil {
			return nil, fmt.Errorf("go mod download: %w", err)
		}
		for _, m := range downloaded {
			if i, ok := index[m.Path]; ok && modules[i].Dir == "" {
				modules[i].Dir = m.Dir
			}
		}
	}
	found := modules[:0]
	for _, m := range modules {
		if m.Dir != "" {
			found = append(found, m)
		}
	}
	return found, nil
}

// pluginOf reads the pulumi-plugin.json a module ships (in its root, go/, go/*/ or */), if any.
func pluginOf(m moduleInfo) (*plugin.PulumiPluginJSON, error) {
	candidates := []string{filepath.Join(m.Dir, "pulumi-plugin.json"), filepath.Join(m.Dir, "go", "pulumi-plugin.json")}
	for _, pattern := range []string{filepath.Join(m.Dir, "go", "*", "pulumi-plugin.json"), filepath.Join(m.Dir, "*", "pulumi-plugin.json")} {
		if matches, err := filepath.Glob(pattern); err == nil {
			candidates = append(candidates, matches...)
		}
	}
	for _, candidate := range candidates {
		found, err := plugin.LoadPulumiPluginJSON(candidate)
		if os.IsNotExist(err) {
			continue
		}
		return found, err
	}
	return nil, nil
}

// packageOf is the resource plugin a module stands for, as the real host derives it.
func packageOf(m moduleInfo) (*pulumirpc.PackageDependency, error) {
	declared, err := pluginOf(m)
	if err != nil {
		return nil, fmt.Errorf("failed to load pulumi-plugin.json: %w", err)
	}
	if (declared == nil && !strings.HasPrefix(m.Path, "github.com/pulumi/pulumi-")) || (declared != nil && !declared.Resource) {
		return nil, errors.New("module is not a pulumi provider")
	}
	name := ""
	if declared != nil && declared.Name != "" {
		name = declared.Name
	} else {
		// github.com/pulumi/pulumi-aws/sdk/... => aws
		name = strings.SplitN(strings.Split(m.Path, "/")[2], "-", 2)[1]
	}
	moduleVersion := m.Version
	if declared != nil && declared.Version != "" {
		moduleVersion = declared.Version
	}
	normalized, err := normalizeVersion(moduleVersion)
	if err != nil {
		return nil, err
	}
	dependency := &pulumirpc.PackageDependency{Name: name, Version: normalized, Kind: "resource"}
	if declared != nil {
		dependency.Server = declared.Server
		if p := declared.Parameterization; p != nil {
			dependency.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
	}
	return dependency, nil
}

// normalizeVersion maps a pseudo-version to the release before it (its patch minus one).
func normalizeVersion(v string) (string, error) {
	parsed, err := semver.ParseTolerant(v)
	if err != nil {
		return "", errors.New("module does not have semver compatible version")
	}
	if module.IsPseudoVersion(v) {
		if parsed.Major == 0 && parsed.Minor == 0 && parsed.Patch == 0 {
			return "", errors.New("invalid pseduoversion with no prior tag")
		}
		patch := parsed.Patch
		if patch > 0 {
			patch--
		}
		v = fmt.Sprintf("v%v.%v.%v", parsed.Major, parsed.Minor, patch)
	}
	return v, nil
}

// GetRequiredPackages lists the resource plugins of the modules go.mod requires. As the real host,
// it is lenient: no go.mod or an unlisted module yields no packages rather than an error.
func (host *goLanguageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("couldn't find go binary: %w", err)
	}
	moduleDir, mod, err := loadGoMod(ctx, gobin, req.GetInfo().GetProgramDirectory())
	if err != nil {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	paths := make([]string, 0, len(mod.Require))
	for _, r := range mod.Require {
		paths = append(paths, r.Path)
	}
	modules, err := moduleSources(ctx, gobin, moduleDir, paths)
	if err != nil {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	packages := []*pulumirpc.PackageDependency{}
	for _, m := range modules {
		if dependency, err := packageOf(m); err == nil {
			packages = append(packages, dependency)
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

func (host *goLanguageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("couldn't find go binary: %w", err)
	}
	_, mod, err := loadGoMod(ctx, gobin, req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, fmt.Errorf("load go.mod: %w", err)
	}
	// A locally replaced module has no version any more.
	replaced := map[string]bool{}
	for _, r := range mod.Replace {
		replaced[strings.TrimRight(r.Old.Path, "/")] = true
	}
	dependencies := []*pulumirpc.DependencyInfo{}
	for _, r := range mod.Require {
		if r.Indirect && !req.GetTransitiveDependencies() {
			continue
		}
		v := r.Version
		if replaced[strings.TrimRight(r.Path, "/")] {
			v = ""
		}
		dependencies = append(dependencies, &pulumirpc.DependencyInfo{Name: r.Path, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: dependencies}, nil
}

// Cancel stops the running programs, as an engine cancellation does with the real host's.
func (host *goLanguageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	go host.programs.stop()
	return &emptypb.Empty{}, nil
}
