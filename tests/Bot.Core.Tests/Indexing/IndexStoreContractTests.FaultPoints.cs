using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.Tests.Indexing;

public abstract partial class IndexStoreContractTests
{
    [SkippableFact]
    public async Task A_fault_inside_a_document_transaction_keeps_the_documents_committed_before_it_and_the_next_run_adds_the_rest()
    {
        Seeds.File("a-lighthouse.md", Lighthouse);
        Seeds.File("b-orchard.txt", Orchard);
        Seeds.File("c-bridge.txt", Bridge);
        var faults = new FailingFaultPoints(IndexFaultPoint.InUpsert, 2);
        var failing = Services(more: s => s.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(faults)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index(failing));
        Assert.Equal(FailingFaultPoints.Message, e.Message);
        Assert.Equal([IndexFaultPoint.InUpsert, IndexFaultPoint.AfterWrite, IndexFaultPoint.InUpsert], faults.Reached);

        var sp = Services();
        var store = sp.GetRequiredService<IIndexStore>();
        Assert.Equal(["a-lighthouse.md"], (await store.ListDocumentsAsync(TestTimeout.Token())).Select(d => d.Path));
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        Assert.Equal(2, (await Index(sp)).Added);
        Assert.Contains("900 crates", (await Ask(sp, "How many crates of pears did the orchard produce?")).Quotes[0].Text, StringComparison.Ordinal);
    }
}
