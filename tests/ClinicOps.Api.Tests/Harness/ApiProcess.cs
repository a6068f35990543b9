using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClinicOps.Api.Tests.Contract;
using ClinicOps.Infrastructure.Persistence;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>
/// The built API as a real operating-system process (<c>dotnet ClinicOps.Api.dll</c>) on a loopback port, configured
/// only through environment variables as a container would be: for what in-process hosting cannot show (several
/// instances starting at once, SIGTERM). Every wait is bounded.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string SigningKey = ApiFactory.SigningKey;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Pid => _process.Id;

    /// <summary>Everything the process printed so far (JSON console logs).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The folder of the API built with the solution (same configuration as this test assembly).</summary>
    public static string ApiDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var directory = Path.Combine(Tools.RepositoryRoot, "src", "ClinicOps.Api", "bin", configuration, "net10.0");
            return File.Exists(Path.Combine(directory, "ClinicOps.Api.dll"))
                ? directory
                : throw new InvalidOperationException($"ClinicOps.Api.dll not found in {directory}: build the solution first.");
        }
    }

    /// <summary>Environment of an instance in Production on the given database (locally signed tokens, as the tests mint them).</summary>
    public static Dictionary<string, string> ProductionEnvironment(DatabaseProvider provider, string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = provider.ToString(),
        ["Database__ConnectionString"] = connectionString,
        ["Auth__SigningKey"] = SigningKey,
        ["RateLimiting__PermitsPerWindow"] = "1000000",
    };

    public static Dictionary<string, string> PostgresEnvironment(string connectionString) =>
        ProductionEnvironment(DatabaseProvider.Postgres, connectionString);

    /// <summary>Starts the API in Production on the database, logging warnings and errors only, and waits until it is ready.</summary>
    public static async Task<ApiProcess> StartAsync(DatabaseProvider provider, string connectionString)
    {
        var environment = ProductionEnvironment(provider, connectionString);
        environment["Logging__LogLevel__Default"] = "Warning";
        var api = Start(environment);
        try
        {
            await api.WaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this instance whose requests carry the token.</summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed on the way out.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts the API listening on a free loopback port (does not wait for it).</summary>
    public static ApiProcess Start(IDictionary<string, string> environment, params string[] arguments)
    {
        var port = LoopbackPorts.Reserve();
        var start = new ProcessStartInfo("dotnet", ["ClinicOps.Api.dll", .. arguments])
        {
            WorkingDirectory = ApiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var api = new ApiProcess(process, port);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.Exited += (_, _) => api._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Waits (bounded) until /health/ready answers 200; fails with the process output otherwise.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (!deadline.IsCancellationRequested)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The API exited with {ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/health/ready"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"The API on port {Port} was not ready within {StartTimeout}:\n{Output}");
    }

    /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The API (pid {Pid}) did not exit within {timeout}:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as an orchestrator does to stop a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
