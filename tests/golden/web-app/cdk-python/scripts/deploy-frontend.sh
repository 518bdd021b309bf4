#!/usr/bin/env bash
# Upload frontend/ to the site bucket and invalidate CloudFront's cache. Run it after the stack is deployed:
#   scripts/deploy-frontend.sh [environment]      (default: dev)
# Needs the AWS CLI with credentials for the account and region the stack is in (us-east-1).
set -euo pipefail

environment="${1:-dev}"
stack="shop-${environment}"
region="${AWS_REGION:-us-east-1}"
source_dir="${FRONTEND_DIR:-$(dirname "$0")/../frontend}"

output() {
  aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

bucket="$(output SiteName)"
distribution="$(output CdnId)"
domain="$(output CdnDomain)"

# long-lived caching for assets, none for the HTML entry point (it names the assets)
aws s3 sync "$source_dir" "s3://$bucket/" --region "$region" --delete --exclude index.html \
  --cache-control "public, max-age=3600"
aws s3 cp "$source_dir/index.html" "s3://$bucket/index.html" --region "$region" \
  --cache-control "no-cache" --content-type "text/html; charset=utf-8"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/*" >/dev/null

echo "Deployed the front end: https://$domain/"
