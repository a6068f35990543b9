using System.Threading.Channels;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Writes read-audit entries in batches, off the request path: a read queues its entries and answers; one writer
/// stores whatever has queued in one insert. Writes (creates, updates, deletes) are not queued: they are audited in
/// their own transaction by <see cref="AuditingInterceptor"/>. A clean shutdown stores everything queued; a crash can
/// lose at most the entries queued since the last batch (a batch is written as soon as the previous one is stored, so
/// in practice the reads of the last few milliseconds). Readers of the trail flush first (<see cref="FlushAsync"/>).
/// </summary>
public sealed partial class AuditWriter(IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 2_000;
    private readonly Channel<AuditEntry> _queue = Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _progress = new();
    private long _queued;
    private long _stored;
    private TaskCompletionSource _storedMore = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues entries to be stored.</summary>
    public void Enqueue(IReadOnlyCollection<AuditEntry> entries)
    {
        lock (_progress)
        {
            foreach (var entry in entries)
            {
                if (!_queue.Writer.TryWrite(entry))
                {
                    throw new InvalidOperationException("The audit writer has stopped; the read cannot be audited.");
                }

                _queued++;
            }
        }
    }

    /// <summary>Waits until every entry queued before the call is stored.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        long target;
        lock (_progress)
        {
            target = _queued;
        }

        while (true)
        {
            Task next;
            lock (_progress)
            {
                if (_stored >= target)
                {
                    return;
                }

                next = _storedMore.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            await StoreAsync(batch);
            lock (_progress)
            {
                _stored += batch.Count;
                var reached = _storedMore;
                _storedMore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                reached.TrySetResult();
            }

            batch.Clear();
        }
    }

    private async Task StoreAsync(List<AuditEntry> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
                await AuditBatchInsert.InsertAsync(db, batch, CancellationToken.None);
                return;
            }
            catch (Exception exception) when (attempt < 5)
            {
                LogRetry(logger, batch.Count, attempt, exception.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {Count} read-audit entries failed (attempt {Attempt}, {Error}); retrying.")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, string error);
}
