using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Bot.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: initdb in a temp folder, started on a free loopback port (and a
/// Unix socket in that folder), stopped and deleted at the end. initdb and postgres refuse to run as root, so as root
/// they run as the <c>postgres</c> user (runuser). Without PostgreSQL's server binaries (a fresh machine) the tests that
/// use it report themselves skipped with one line saying what to install (<see cref="EnsureAvailable"/>, through
/// Xunit.SkippableFact); under <c>CI=true</c> their absence fails those tests instead, so CI can never pass by skipping.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>
    /// Folders searched for initdb and pg_ctl instead of PATH and /usr/lib/postgresql/*/bin (separated as PATH is):
    /// <c>BOT_TEST_POSTGRES_BIN=/nonexistent dotnet test …</c> runs the suite as on a machine without PostgreSQL.
    /// </summary>
    public const string SearchPathVariable = "BOT_TEST_POSTGRES_BIN";

    private string _folder = "";
    private string _pgCtl = "";
    private bool _started;

    public int Port { get; private set; }

    /// <summary>Why the server could not be started without that being a failure (no binaries, not under CI); null when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The environment as the fixture reads it (CI, <see cref="SearchPathVariable"/>, PATH); tests substitute their own.</summary>
    internal Func<string, string?> ReadEnvironment { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Where Debian installs the server binaries; tests point it at an empty folder.</summary>
    internal string DebianRoot { get; init; } = "/usr/lib/postgresql";

    /// <summary>
    /// Skips the calling test (one line: what to install) when the server binaries are missing; every test that uses the
    /// server calls it first (<see cref="CreateDatabaseAsync"/> does), and must be a <c>[SkippableFact]</c>.
    /// </summary>
    public void EnsureAvailable() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>Where start-up gets a port to try (a free one by default); tests substitute a taken one to force a collision.</summary>
    internal Func<int> PickPort { get; init; } = FreePort;

    /// <summary>Superuser connection to the <c>postgres</c> database (trust authentication, loopback only).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 15, CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>A new, empty database: each test gets its own, so tests never see each other's index or locks.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        EnsureAvailable();
        var name = "bot_test_" + Guid.NewGuid().ToString("N")[..12]; // generated, not user input
        await using var c = new NpgsqlConnection(AdminConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        var searchPath = ReadEnvironment(SearchPathVariable);
        string bin;
        try
        {
            bin = searchPath is not null ? FindBinaries(searchPath, debianRoot: "") : FindBinaries(ReadEnvironment("PATH"), DebianRoot);
        }
        catch (PostgresBinariesNotFoundException e) when (!string.Equals(ReadEnvironment("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Unavailable = $"{e.Message} (They are skipped here; under CI=true this is a failure.)";
            return;
        }
        _pgCtl = Path.Combine(bin, "pg_ctl");
        bool asRoot = Environment.IsPrivilegedProcess;
        _folder = Path.Combine(Path.GetTempPath(), "bot-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        if (asRoot) await RunAsync("chown", ["postgres:postgres", _folder], asPostgres: false, "give the cluster folder to the postgres user");

        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"],
            asRoot, "initdb");
        // postgres needs a fixed port number, so it is probed first; another process can take it before postgres binds.
        // Such a collision (postgres logs "could not bind … Address already in use") is retried on a new port; any
        // other start failure is reported at once with the server's log.
        var log = Path.Combine(_folder, "server.log");
        for (int attempt = 1; ; attempt++)
        {
            Port = PickPort();
            var options = string.Create(CultureInfo.InvariantCulture,
                $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
            var logStart = File.Exists(log) ? new FileInfo(log).Length : 0;
            try
            {
                await RunAsync(_pgCtl, ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"], asRoot, "pg_ctl start");
                _started = true;
                break;
            }
            catch (InvalidOperationException e)
            {
                var serverLog = ReadFrom(log, logStart);
                if (IsPortCollision(serverLog) && attempt < MaxStartAttempts) continue;
                throw new InvalidOperationException($"{e.Message}\nserver.log (port {Port}, attempt {attempt}):\n{serverLog}", e);
            }
        }
    }

    private const int MaxStartAttempts = 10;

    /// <summary>Whether postgres's log says it could not listen because the port was taken.</summary>
    internal static bool IsPortCollision(string serverLog) =>
        serverLog.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
        || serverLog.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase);

    private static string ReadFrom(string path, long offset)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(could not read {path}: {e.Message})";
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                await RunAsync(_pgCtl, ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], Environment.IsPrivilegedProcess, "pg_ctl stop");
            }
            catch (InvalidOperationException) { }
        }
        try { if (_folder.Length > 0) Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/N/bin (newest N).</summary>
    internal static string FindBinaries(string? pathVariable, string debianRoot)
    {
        var candidates = (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (debianRoot.Length > 0 && Directory.Exists(debianRoot))
            candidates.AddRange(Directory.GetDirectories(debianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        foreach (var dir in candidates)
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb) || !File.Exists(Path.Combine(dir, "pg_ctl"))) continue;
            // PATH may hold symlinks (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb): use the real folder.
            var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            return Path.GetDirectoryName(real)!;
        }
        throw new PostgresBinariesNotFoundException(debianRoot.Length == 0
            ? $"PostgreSQL tests need initdb and pg_ctl, not found in {pathVariable}: install Debian's postgresql package (apt-get install -y postgresql) to run them."
            : "PostgreSQL tests need initdb and pg_ctl, not found on PATH nor in /usr/lib/postgresql/*/bin: install Debian's postgresql package (apt-get install -y postgresql) to run them.");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres, string what)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // Child processes get no inherited test-host standard input.
            RedirectStandardInput = true,
            // The postgres user may not be able to enter the test's working folder (e.g. under /root); initdb needs one.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{what}: could not start {psi.FileName}");
        p.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed (exit {p.ExitCode}){(asPostgres ? " running as the postgres user" : "")}: {output}");
    }
}
