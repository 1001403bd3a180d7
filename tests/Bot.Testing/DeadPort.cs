using System.Net;
using System.Net.Sockets;

namespace Bot.Testing;

/// <summary>
/// A loopback port where nothing listens, for dead-endpoint tests: connections to it are refused. Unlike a probed-then-
/// released port, it stays bound (never listening) until disposed, and the OS never gives a bound port to a port-0 bind,
/// so a test server started meanwhile (Kestrel on port 0) cannot turn the dead endpoint into a live one.
/// </summary>
public sealed class DeadPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
