using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class IndexFaultPointsRegistrationTests
{
    [Fact]
    public void The_core_services_register_fault_points_that_never_stop_a_write()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        using var sp = CoreHost.Create(seeds.Path, data.Path);

        Assert.Same(NoIndexFaultPoints.Instance, sp.GetRequiredService<IIndexFaultPoints>());
    }
}
