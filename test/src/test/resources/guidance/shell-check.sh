#!/usr/bin/env bash
# The shell check that circulates with the CIS guidance for this recommendation, rebuilt as docs/design.md
# §7 describes it, for side-by-side comparison with `scan`. Not our product: it is the baseline users are
# replacing. Users with PasswordLastUsed set stand for "has a console password"; each of them is
# printed if it has any access key at all. One CLI process per user.
set -euo pipefail
for user in $(aws iam list-users --query 'Users[?PasswordLastUsed].UserName' --output text); do
  keys=$(aws iam list-access-keys --user-name "$user" --query 'AccessKeyMetadata[].AccessKeyId' --output text)
  if [ -n "$keys" ]; then
    echo "$user"
  fi
done
