"""The WeChat Official Account front end; wechatpy is imported only inside this package."""
