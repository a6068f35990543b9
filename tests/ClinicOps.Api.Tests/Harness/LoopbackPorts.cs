using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>
/// Loopback ports for the processes the tests start (the API, PostgreSQL). Asking the kernel for a free port (bind to
/// port 0) returns one of its ephemeral range, the range it also gives every outgoing connection a local port from:
/// between the check and the child process's bind, one of the tests' own client connections can take it (seen on CI:
/// the API of a graceful-shutdown test exited with "address already in use"). Ports below that range are never handed
/// out that way, so they are taken from there, in turn from a random start, each one checked free before it is used.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private static readonly int EphemeralStart = ReadEphemeralStart();
    private static int _next = Random.Shared.Next(0, Math.Max(1, EphemeralStart - Lowest));

    /// <summary>A loopback port that is free now and outside the kernel's ephemeral range.</summary>
    public static int Reserve()
    {
        var span = EphemeralStart - Lowest;
        if (span < 100)
        {
            return KernelChosen();
        }

        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _next) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {EphemeralStart}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int KernelChosen()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Linux publishes the range as "low<TAB>high"; elsewhere, IANA's dynamic range starts at 49152.
    private static int ReadEphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : 49_152;
    }
}
