using ClinicOps.Api.Tests.Harness;
using ClinicOps.Application.Common;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// A scope's pooled DbContext goes back to the pool exactly once (docs/decisions/0016-pooled-db-context.md), however
/// many of its names (<see cref="ClinicOpsDbContext"/>, <see cref="IClinicOpsDbContext"/>) the scope resolved it by. The
/// DI scope disposes what each registration handed out; a second return of the same instance, after another caller has
/// rented it, would take it from under that caller mid-request.
/// </summary>
public sealed class PooledContextTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    [Fact]
    public async Task A_context_resolved_by_both_its_names_is_given_back_once_and_never_from_under_its_next_renter()
    {
        var renter = new RenterBetweenDisposals();
        await using var api = fixture.Api.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddScoped(_ => renter)));
        var factory = api.Services.GetRequiredService<IDbContextFactory<ClinicOpsDbContext>>();

        ClinicOpsDbContext first;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            // Resolved in this order, the scope disposes them in reverse: the context as IClinicOpsDbContext, then the
            // renter (which rents the instance if it is back in the pool by then), then the context as ClinicOpsDbContext.
            first = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            _ = await first.Sites.CountAsync(TestContext.Current.CancellationToken);
            renter.Factory = factory;
            renter.Wanted = first;
            _ = scope.ServiceProvider.GetRequiredService<RenterBetweenDisposals>();
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<IClinicOpsDbContext>());
        }

        // Whoever rents it next (the renter, if it was back before the scope's last disposal; otherwise this test).
        renter.RentWanted(attempts: 1100);
        var next = renter.Rented ?? throw new InvalidOperationException("The scope's context never went back to the pool.");

        // The next renter still holds it: the pool must not hand it to anyone else, and it must still work.
        var others = new List<ClinicOpsDbContext>();
        for (var i = 0; i < 8; i++)
        {
            others.Add(factory.CreateDbContext());
        }

        Assert.DoesNotContain(others, other => ReferenceEquals(other, next));
        Assert.True(await next.Database.CanConnectAsync(TestContext.Current.CancellationToken));
        foreach (var context in others.Append(next))
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>
    /// Rents from the pool until it gets <see cref="Wanted"/> back, and keeps it; on disposal, with a few attempts, so as
    /// not to fill the pool (at most 1,024 instances, beyond which a returned instance is disposed instead). It holds
    /// what else it rents meanwhile, so with more attempts than the pool holds, the pool runs dry before the loop ends
    /// if the instance is not there.
    /// </summary>
    private sealed class RenterBetweenDisposals : IDisposable
    {
        public IDbContextFactory<ClinicOpsDbContext>? Factory { get; set; }

        public ClinicOpsDbContext? Wanted { get; set; }

        public ClinicOpsDbContext? Rented { get; private set; }

        public void Dispose() => RentWanted(attempts: 64);

        public void RentWanted(int attempts)
        {
            if (Factory is null || Rented is not null)
            {
                return;
            }

            var others = new List<ClinicOpsDbContext>();
            for (var i = 0; i < attempts && Rented is null; i++)
            {
                var context = Factory.CreateDbContext();
                if (ReferenceEquals(context, Wanted))
                {
                    Rented = context;
                }
                else
                {
                    others.Add(context);
                }
            }

            others.ForEach(context => context.Dispose());
        }
    }
}
