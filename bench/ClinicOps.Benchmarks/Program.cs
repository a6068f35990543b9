using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ClinicOps.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
