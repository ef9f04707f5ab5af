#pragma once

namespace touchpath::cli {

// Sets up glibc's heap for one short process that loads an export. Page faults are what
// loading spends much of its time on where first touching a page is dear (~15 µs on the VMs
// measured in bench/RESULTS.md, against well under 1 µs on bare metal):
//  - memory freed while loading (dictionary growth, a part's builder after its merge, the
//    staged columns that Build replaces) is kept for reuse, not handed back to the kernel and
//    faulted in again; one arena, so what the threads reading parts free serves the main one;
//  - the first GiB the heap grows to is advised for transparent huge pages (one fault per
//    2 MiB, where the kernel allows them: THP "madvise" or "always"). This is what the glibc
//    tunable glibc.malloc.hugetlb=1 does, but tunables are read only from the environment.
// Call it first in main, before threads start.
void TuneHeapForLoading();

}  // namespace touchpath::cli
