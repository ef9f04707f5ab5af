#pragma once

#include <cstddef>
#include <vector>

namespace touchpath {

// LU factorisation with partial pivoting of a dense n x n matrix (row-major), for the exact
// absorbing-chain solves of the Markov model. PA = LU; L has a unit diagonal.
class DenseLu {
 public:
  DenseLu(std::vector<double> matrix, size_t n);

  // False when a pivot vanished (the matrix is singular to working precision).
  bool ok() const { return ok_; }
  size_t size() const { return n_; }
  // Overwrites b with the solution x of A x = b.
  void Solve(std::vector<double>* b) const;
  // Overwrites b with the solution x of A^T x = b.
  void SolveTransposed(std::vector<double>* b) const;

 private:
  size_t n_;
  std::vector<double> lu_;         // L below the diagonal, U on and above it
  std::vector<size_t> pivot_row_;  // row i of PA is row pivot_row_[i] of A
  bool ok_ = true;
};

}  // namespace touchpath
