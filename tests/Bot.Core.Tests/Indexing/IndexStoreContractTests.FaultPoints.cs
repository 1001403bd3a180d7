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
        // One document a transaction (the default batches up to 256).
        var failing = Services(new Dictionary<string, string?>(_store) { ["Bot:IndexBatchDocuments"] = "1" },
            more: s => s.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(faults)));

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

    [Fact]
    public async Task A_fault_inside_a_batch_keeps_the_batches_committed_before_it_and_the_next_run_adds_the_rest()
    {
        Seeds.File("a-lighthouse.md", Lighthouse);
        Seeds.File("b-orchard.txt", Orchard);
        Seeds.File("c-bridge.txt", Bridge);
        var faults = new FailingFaultPoints(IndexFaultPoint.InUpsert, 2);
        var failing = Services(new Dictionary<string, string?>(_store) { ["Bot:IndexBatchDocuments"] = "2" },
            more: s => s.Replace(ServiceDescriptor.Singleton<IIndexFaultPoints>(faults)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index(failing));
        Assert.Equal(FailingFaultPoints.Message, e.Message);
        Assert.Equal([IndexFaultPoint.InUpsert, IndexFaultPoint.AfterWrite, IndexFaultPoint.InUpsert], faults.Reached);

        var sp = Services();
        var store = sp.GetRequiredService<IIndexStore>();
        Assert.Equal(["a-lighthouse.md", "b-orchard.txt"], (await store.ListDocumentsAsync(TestTimeout.Token())).Select(d => d.Path).Order(StringComparer.Ordinal));
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        Assert.Equal(1, (await Index(sp)).Added);
        Assert.Contains("900 crates", (await Ask(sp, "How many crates of pears did the orchard produce?")).Quotes[0].Text, StringComparison.Ordinal);
    }
}
