using System.Net;
using System.Net.Sockets;

namespace Bot.Core.Tests;

/// <summary>The dead-endpoint port of the tests.</summary>
public sealed class DeadPortTests
{
    [Fact]
    public async Task Connections_to_a_dead_port_are_refused()
    {
        using var dead = new DeadPort();
        using var client = new TcpClient();

        var e = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, dead.Port, TestTimeout.Token()).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }
}
