import wagtail_factories


class ImageFactory(wagtail_factories.ImageFactory):
    title = "测试图片"
