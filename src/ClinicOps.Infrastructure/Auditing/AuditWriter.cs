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
/// lose at most the entries queued and not yet stored: never more than <see cref="Capacity"/> plus the batch in flight,
/// and, while the writer keeps up, the reads of the last few milliseconds (a batch is written as soon as the previous
/// one is stored). Readers of the trail flush first (<see cref="FlushAsync"/>).
/// </summary>
public sealed partial class AuditWriter(IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>
    /// The most entries that wait to be stored. A read that finds the queue full waits for room: under a read load the
    /// writer cannot keep up with (the day sheet queues one entry per appointment), reads slow to the writer's pace
    /// instead of the queue, the memory it holds and what a crash could lose growing without bound.
    /// </summary>
    public const int Capacity = 10_000;

    private const int MaxBatch = 2_000;
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly object _progress = new();
    private long _queued;
    private long _stored;
    private TaskCompletionSource _storedMore = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Queues entries to be stored, waiting for room while the queue is full. Not cancellable: the data was read, so
    /// its audit entries are queued even if the caller has gone.
    /// </summary>
    public async ValueTask EnqueueAsync(IReadOnlyCollection<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            // Written and counted under one lock, so the count matches the queue's order and a flush waits for exactly
            // the entries queued before it.
            while (true)
            {
                lock (_progress)
                {
                    if (_queue.Writer.TryWrite(entry))
                    {
                        _queued++;
                        break;
                    }
                }

                if (!await _queue.Writer.WaitToWriteAsync(CancellationToken.None))
                {
                    throw new InvalidOperationException("The audit writer has stopped; the read cannot be audited.");
                }
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
